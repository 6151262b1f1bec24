import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ScoreReadingsBeforeStorageCommand } from '@app/core';
import { FEATURE_COUNT, FlatReading, KioskFeatureState } from '@app/ml';
import { AnomalyModelService } from '../../services/anomaly-model.service';
import { DriftMonitor } from '../../services/drift-monitor';
import { flatReadingOf } from '../../services/flat-reading';
import { KioskScoringStates } from '../../services/kiosk-scoring-states';
import { PendingAnomalies } from '../../services/pending-anomalies';

/**
 * Scores readings on their way into the store, so each row is written once with its score: features
 * from each kiosk's own history, one micro-batched onnxruntime run shared with concurrent batches.
 * A reading whose score keeps a kiosk above the threshold long enough is noted for an alert, raised
 * once it is stored (RaiseAnomalyWhenTelemetryRecordedHandler).
 */
@CommandHandler(ScoreReadingsBeforeStorageCommand)
export class ScoreReadingsBeforeStorageHandler implements ICommandHandler<
  ScoreReadingsBeforeStorageCommand,
  Float32Array
> {
  constructor(
    private readonly models: AnomalyModelService,
    private readonly states: KioskScoringStates,
    private readonly drift: DriftMonitor,
    private readonly pending: PendingAnomalies,
  ) {}

  async execute({ readings }: ScoreReadingsBeforeStorageCommand): Promise<Float32Array> {
    const n = readings.length;
    const model = this.models.current();
    if (model === null || n === 0) return new Float32Array(n).fill(Number.NaN);
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
