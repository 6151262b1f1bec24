import type { KioskStatusSnapshot } from './kiosk-status';

/** Back to `online` from `stale` or `offline`. Carries the full snapshot after the change. */
export class KioskCameBackEvent {
  constructor(readonly snapshot: KioskStatusSnapshot) {}
}
