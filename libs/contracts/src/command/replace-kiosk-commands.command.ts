// Type-only: the transaction the commands are issued in is lent as TypeORM's EntityManager.
import type { EntityManager } from 'typeorm';
import type { KioskCommandName } from './kiosk-command';

/** One kiosk's command in a ReplaceKioskCommandsCommand, with params of its own. */
export interface KioskCommandWithParams {
  kioskId: number;
  params: Record<string, unknown>;
}

/** What ReplaceKioskCommandsCommand answers. */
export interface ReplacedKioskCommands {
  /** The new commands, one per kiosk that takes commands. */
  issued: Array<{ kioskId: number; commandId: string }>;
  /** Unknown or decommissioned kiosks: no command for them. */
  skipped: number[];
  /** How many unfinished earlier commands of that name were cancelled. */
  superseded: number;
}

/**
 * Issues one command to many kiosks, each with its own params, so that it replaces whatever
 * unfinished command of the same name each kiosk still has (cancelled in the same transaction):
 * newer state supersedes older, and such commands never pile up (remote configuration: only the
 * latest settings matter). Set-based: a few statements per call whatever the number of kiosks.
 * For modules acting on kiosks themselves, after their own access checks; commands listed in
 * COMMANDS_ISSUED_ELSEWHERE are accepted here. `within` runs in the same transaction with the new
 * command ids, before any kiosk can answer them; throwing rolls everything back.
 */
export class ReplaceKioskCommandsCommand {
  constructor(
    readonly command: KioskCommandName,
    readonly items: readonly KioskCommandWithParams[],
    readonly ttlSeconds: number,
    /** The user who caused it (`created_by`), or null when the system did (a kiosk's join). */
    readonly issuedBy: string | null,
    readonly within?: (
      manager: EntityManager,
      issued: ReadonlyArray<{ kioskId: number; commandId: string }>,
    ) => Promise<void>,
  ) {}
}
