import type { KioskStatusSnapshot } from './kiosk-status';

/** A liveness transition: the kiosk stopped reporting. Carries the full snapshot after the change. */
export class KioskWentStaleEvent {
  constructor(readonly snapshot: KioskStatusSnapshot) {}
}
