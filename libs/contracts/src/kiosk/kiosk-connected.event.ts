import type { KioskStatusSnapshot } from './kiosk-status';

/** A liveness transition: the kiosk connected. Carries the full snapshot after the change. */
export class KioskConnectedEvent {
  constructor(readonly snapshot: KioskStatusSnapshot) {}
}
