import { Injectable } from '@nestjs/common';
import type { TelemetryReading } from '@app/core';
import type { FlatReading, KioskFeatureState } from '@app/ml';

/** What explaining an anomaly needs, as it was when the reading was scored. */
export interface PendingAnomaly {
  row: Float32Array;
  flat: FlatReading;
  state: KioskFeatureState | null;
  score: number;
  threshold: number;
  modelVersion: string;
  /** The scoring model's training means and runner: a model swapped meanwhile still explains its own score. */
  trainingMean: readonly number[];
  run: (X: Float32Array, n: number) => Promise<Float32Array>;
}

/**
 * Readings whose score opened an anomaly, from scoring (before storage) until they are known to be
 * stored: the alert is raised only for a stored reading. Weak: a reading that was refused or was a
 * duplicate simply goes away with its batch.
 */
@Injectable()
export class PendingAnomalies {
  private readonly pending = new WeakMap<TelemetryReading, PendingAnomaly>();

  mark(reading: TelemetryReading, anomaly: PendingAnomaly): void {
    this.pending.set(reading, anomaly);
  }

  take(reading: TelemetryReading): PendingAnomaly | undefined {
    const anomaly = this.pending.get(reading);
    if (anomaly) this.pending.delete(reading);
    return anomaly;
  }
}
