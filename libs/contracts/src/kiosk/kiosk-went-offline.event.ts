import type { KioskStatusSnapshot } from './kiosk-status';

/** A liveness transition: the kiosk went offline. Carries the full snapshot after the change. */
export class KioskWentOfflineEvent {
  constructor(readonly snapshot: KioskStatusSnapshot) {}
}
