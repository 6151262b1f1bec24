import { Injectable } from '@nestjs/common';
import type { TelemetryReading } from '@app/contracts';
import type { FlatReading, KioskFeatureState } from '@app/ml';
import type { LoadedModel } from './anomaly-model.service';

/** What explaining an anomaly needs, as it was when the reading was scored. */
export interface PendingAnomaly {
  row: Float32Array;
  flat: FlatReading;
  state: KioskFeatureState | null;
  score: number;
  /** The model that scored it: one swapped in meanwhile does not explain another's score. */
  model: LoadedModel;
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
