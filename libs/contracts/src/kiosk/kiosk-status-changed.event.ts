import type { KioskStatus, KioskStatusSnapshot } from './kiosk-status';

/** Any change of status (the liveness transitions included): the admin feed's `kiosk_status`. */
export class KioskStatusChangedEvent {
  constructor(
    readonly snapshot: KioskStatusSnapshot,
    readonly previous: KioskStatus,
  ) {}
}
