import { Injectable } from '@nestjs/common';
import type { ReadingScorer, TelemetryReading } from '@app/contracts';
import { FEATURE_COUNT, FlatReading, KioskFeatureState } from '@app/ml';
import { AnomalyModelService, LoadedModel } from './anomaly-model.service';
import { DriftMonitor } from './drift-monitor';
import { flatReadingOf } from './flat-reading';
import { KioskScoringStates } from './kiosk-scoring-states';
import { PendingAnomalies } from './pending-anomalies';

/**
 * Scores readings on their way into the store (the telemetry writer's ReadingScorer), so each row is
 * written once with its score: features from each kiosk's own history, one micro-batched
 * onnxruntime run shared with concurrent batches. A reading whose score keeps a kiosk above the
 * threshold long enough is noted for an alert, raised once it is stored
 * (RaiseAnomalyWhenTelemetryRecordedHandler).
 */
@Injectable()
export class AnomalyReadingScorer implements ReadingScorer {
  constructor(
    private readonly models: AnomalyModelService,
    private readonly states: KioskScoringStates,
    private readonly drift: DriftMonitor,
    private readonly pending: PendingAnomalies,
  ) {}

  scoreBeforeStorage(readings: readonly TelemetryReading[]): Promise<Float32Array> | null {
    const model = this.models.current();
    if (model === null || readings.length === 0) return null;
    return this.score(model, readings);
  }

  private async score(model: LoadedModel, readings: readonly TelemetryReading[]): Promise<Float32Array> {
    const n = readings.length;
    // Kiosks first seen by this process pick up their saved baselines before their rows are built.
    await this.states.restore(readings.map((r) => r.kioskId));
    const X = new Float32Array(n * FEATURE_COUNT);
    const flat: FlatReading[] = new Array(n);
    // Features are taken synchronously, in arrival order, before anything awaits: a kiosk's
    // baselines advance in the order its readings arrive.
    for (let i = 0; i < n; i++) {
      const r = readings[i];
      flat[i] = flatReadingOf(r);
      this.states.features.push(r.kioskId, flat[i], r.timestamp.getTime(), X, i * FEATURE_COUNT);
      this.states.touched(r.kioskId);
    }
    this.drift.observe(model.version, model.card.drift, X, n, FEATURE_COUNT);
    const scores = await model.batcher.score(X, n, true);
    for (let i = 0; i < n; i++) {
      const r = readings[i];
      const flagged = scores[i] >= model.threshold;
      if (!this.states.policy(r.kioskId).observe(r.timestamp.getTime(), flagged)) continue;
      const state = this.states.features.stateOf(r.kioskId);
      this.pending.mark(r, {
        // Copies: X and the kiosk's state move on with the next batch.
        row: X.slice(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT),
        flat: flat[i],
        state: state ? (structuredClone(state) as KioskFeatureState) : null,
        score: scores[i],
        model,
      });
    }
    return scores;
  }
}
