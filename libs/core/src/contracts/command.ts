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
export class IssueKioskCommandCommand {
  constructor(
    readonly kioskId: number,
    readonly command: KioskCommandName,
    readonly params: Record<string, unknown>,
    readonly ttlSeconds: number,
    readonly issuer: Pick<AuthenticatedUser, 'id' | 'role'>,
    readonly idempotencyKey?: string,
  ) {}
}
