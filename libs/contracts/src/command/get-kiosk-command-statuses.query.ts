import type { CommandStatus } from './kiosk-command';

/**
 * The current status of many commands, for a module catching up on commands it issued after
 * missing their events (a restart). Unknown ids are absent from the map.
 */
export class GetKioskCommandStatusesQuery {
  constructor(readonly commandIds: readonly string[]) {}
}
/** A command's status with its recorded reason (null when none), as the event snapshot carries it. */
export interface KioskCommandOutcome {
  status: CommandStatus;
  error: string | null;
}
export type KioskCommandStatuses = ReadonlyMap<string, KioskCommandOutcome>;
