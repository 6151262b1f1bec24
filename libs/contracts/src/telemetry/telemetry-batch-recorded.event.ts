import type { TelemetryReading } from './telemetry-reading';

/** Published after a batch of readings committed (duplicates excluded), in arrival order. */
export class TelemetryBatchRecordedEvent {
  constructor(readonly readings: readonly TelemetryReading[]) {}
}
