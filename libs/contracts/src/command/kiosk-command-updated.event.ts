import type { CommandSnapshot, CommandStatus } from './kiosk-command';

/** Any transition of a command (issue included): the admin feed's `command_updated`. */
export class KioskCommandUpdatedEvent {
  constructor(
    readonly command: CommandSnapshot,
    readonly previous: CommandStatus | null,
  ) {}
}
