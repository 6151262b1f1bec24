// Type-only: the transaction a command is issued in is lent as TypeORM's EntityManager; nothing of
// TypeORM is loaded by this file.
import type { EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/role';
import type { KioskCommandName } from './kiosk-command';

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
