import type { KioskCommandName } from './kiosk-command';

/**
 * Issues one command, with the same params, to many kiosks as one batch (`batchId`), for modules
 * that drive commands themselves (a rollout's wave). A repeated call with the same batch never
 * commands a kiosk twice: it answers the command the kiosk already has in the batch, so a caller
 * that crashed between issuing and recording the ids learns them on its next pass. Delivery and its
 * gating (maintenance, open payment sessions) are those of every other command. Decommissioned or
 * unknown kiosks get no command and are absent from the answer.
 */
export class IssueKioskCommandsCommand {
  constructor(
    readonly batchId: string,
    readonly command: KioskCommandName,
    readonly params: Record<string, unknown>,
    readonly kioskIds: readonly number[],
    readonly ttlSeconds: number,
    /** The user the commands are issued for (a rollout's author); null once that user is gone. */
    readonly createdBy: string | null,
  ) {}
}

/** A kiosk's command in the batch of an IssueKioskCommandsCommand (new or issued before). */
export interface IssuedKioskCommand {
  kioskId: number;
  commandId: string;
}
