import type { KioskCommandName } from '@app/contracts';

export type CommandAckStatus = 'processing' | 'success' | 'error';

/** A `kiosk_command_ack` from the kiosk that authenticated as `kioskId`. */
export class RecordCommandAckCommand {
  constructor(
    readonly kioskId: number,
    readonly command: KioskCommandName,
    readonly status: CommandAckStatus,
    readonly commandId?: string,
    readonly error?: string,
  ) {}
}

export type CommandAckResult =
  { kind: 'applied'; commandId: string } | { kind: 'duplicate'; commandId: string } | { kind: 'unknown' };
