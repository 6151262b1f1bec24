import type { CommandSnapshot } from './kiosk-command';

/** The kiosk confirmed a command; the kiosk module applies block/maintenance/unblock to the status. */
export class KioskCommandSucceededEvent {
  constructor(readonly command: CommandSnapshot) {}
}
