import type { KioskStatus, KioskStatusSnapshot } from '@app/contracts';

/** A kiosk's liveness changed: raise or resolve liveness alerts, count it towards site incidents. */
export class EvaluateKioskLivenessCommand {
  constructor(
    readonly snapshot: KioskStatusSnapshot,
    /** The status before, when the event says it; else only "it changed". */
    readonly previous: KioskStatus | null,
  ) {}
}
