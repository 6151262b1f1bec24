import type { EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/role';

/**
 * Remote-command contracts: the command vocabulary of the wire (CONTRACT.md §3), the lifecycle,
 * and the events other modules (kiosk status, admin feed, notifications) listen to.
 */
export const KIOSK_COMMANDS = ['block', 'unblock', 'restart', 'update', 'maintenance', 'refund'] as const;
export type KioskCommandName = (typeof KIOSK_COMMANDS)[number];

export const COMMAND_STATUSES = [
  'pending',
  'sent',
  'acknowledged',
  'succeeded',
  'failed',
  'expired',
  'cancelled',
] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];
export const FINAL_COMMAND_STATUSES: readonly CommandStatus[] = [
  'succeeded',
  'failed',
  'expired',
  'cancelled',
];

/** What every command event carries: enough for the admin feed's `command_updated` and for webhooks. */
export interface CommandSnapshot {
  id: string;
  kioskId: number;
  command: KioskCommandName;
  status: CommandStatus;
  at: Date;
}

/** Any transition of a command (issue included): the admin feed's `command_updated`. */
export class KioskCommandUpdatedEvent {
  constructor(
    readonly command: CommandSnapshot,
    readonly previous: CommandStatus | null,
  ) {}
}

/** The kiosk confirmed a command; the kiosk module applies block/maintenance/unblock to the status. */
export class KioskCommandSucceededEvent {
  constructor(readonly command: CommandSnapshot) {}
}

/**
 * Liveness and commanded state the command module needs to decide whether to deliver now, for
 * many kiosks at once (a bulk fan-out claims thousands). Unknown kiosks are absent from the map.
 */
export class GetKioskDeliveryStatesQuery {
  constructor(readonly kioskIds: readonly number[]) {}
}
export interface KioskDeliveryState {
  decommissioned: boolean;
  commandedStatus: 'blocked' | 'maintenance' | null;
}
export type KioskDeliveryStates = ReadonlyMap<number, KioskDeliveryState>;

/**
 * The current status of one command, for modules that follow commands they issued (a payment
 * refund) and must catch up after missing its events (e.g. across a restart). Null: no such command.
 */
export class GetKioskCommandStatusQuery {
  constructor(readonly commandId: string) {}
}

/**
 * Issues one remote command (CONTRACT.md §3), for the command routes and for other modules that
 * act through a kiosk (a card refund). Answers `{ command: { id, … }, created }`; `created` is false
 * when an Idempotency-Key replay returned the command made before.
 */
export class IssueKioskCommandCommand<R = undefined> {
  constructor(
    readonly kioskId: number,
    readonly command: KioskCommandName,
    readonly params: Record<string, unknown>,
    readonly ttlSeconds: number,
    readonly issuer: Pick<AuthenticatedUser, 'id' | 'role'>,
    readonly idempotencyKey?: string,
    /** The issuer's own writes that must commit with the command or not at all (see IssuedWithin). */
    readonly within?: (tx: CommandTransaction) => Promise<R>,
  ) {}
}

/**
 * The transaction a command is inserted in, lent to the module that issues it (a payment refund
 * and its `refund` command are one fact: neither may exist without the other). The issuer writes
 * through `manager` only; throwing rolls the command back too. The command module runs its checks
 * before the transaction opens, so the issuer's work holds one pool connection and waits on no
 * other. Hooks given to `afterCommit` run once it committed, before the command is announced.
 */
export interface CommandTransaction {
  readonly manager: EntityManager;
  readonly command: { id: string; expiresAt: Date };
  afterCommit(hook: () => void): void;
}

/** What IssueKioskCommandCommand answers when issued `within` another module's writes. */
export interface IssuedWithin<R> {
  command: { id: string };
  within: R;
}

/**
 * Commands that stand for a fact recorded elsewhere are only issued by the module that records it,
 * through its own route: the raw command routes refuse them (422, naming the route to use).
 */
export const COMMANDS_ISSUED_ELSEWHERE: Partial<Record<KioskCommandName, string>> = {
  refund: 'POST /api/v1/payments/{id}/refund',
};
