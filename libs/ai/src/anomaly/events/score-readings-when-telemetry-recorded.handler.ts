import { Logger } from '@nestjs/common';
import { EventBus, EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AnomalyDetectedEvent, TelemetryBatchRecordedEvent } from '@app/core';
import { pgPool } from '@app/database';
import { FEATURE_COUNT, FlatReading, KioskFeatureState } from '@app/ml';
import { AnomalyModelService } from '../services/anomaly-model.service';
import { DriftMonitor } from '../services/drift-monitor';
import { explainReading } from '../services/explain';
import { flatReadingOf } from '../services/flat-reading';
import { KioskScoringStates } from '../services/kiosk-scoring-states';

/**
 * Scores every stored reading with the active model: features from each kiosk's own history, one
 * micro-batched onnxruntime run shared with concurrent batches, the scores written to
 * `telemetry.anomaly_score` in one statement, and an `AnomalyDetected` event (with its explanation)
 * when a kiosk's score has stayed above the threshold long enough to open an alert.
 */
@EventsHandler(TelemetryBatchRecordedEvent)
export class ScoreReadingsWhenTelemetryRecordedHandler implements IEventHandler<TelemetryBatchRecordedEvent> {
  private readonly logger = new Logger(ScoreReadingsWhenTelemetryRecordedHandler.name);

  constructor(
    private readonly models: AnomalyModelService,
    private readonly states: KioskScoringStates,
    private readonly events: EventBus,
    private readonly drift: DriftMonitor,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async handle({ readings }: TelemetryBatchRecordedEvent): Promise<void> {
    const model = this.models.current();
    if (model === null || readings.length === 0) return;
    const n = readings.length;
    // Kiosks first seen by this process pick up their saved baselines before their rows are built.
    await this.states.restore(readings.map((r) => r.kioskId));
    const X = new Float32Array(n * FEATURE_COUNT);
    const flat: FlatReading[] = new Array(n);
    // Features are taken synchronously, in arrival order, before anything awaits: a kiosk's
    // baselines advance in the order its readings were stored.
    for (let i = 0; i < n; i++) {
      const r = readings[i];
      flat[i] = flatReadingOf(r);
      this.states.features.push(r.kioskId, flat[i], r.timestamp.getTime(), X, i * FEATURE_COUNT);
      this.states.touched(r.kioskId);
    }
    this.drift.observe(model.version, model.card.drift, X, n, FEATURE_COUNT);
    try {
      const scores = await model.batcher.score(X, n);
      await this.store(readings, scores);
      for (let i = 0; i < n; i++) {
        const r = readings[i];
        const flagged = scores[i] >= model.threshold;
        if (!this.states.policy(r.kioskId).observe(r.timestamp.getTime(), flagged)) continue;
        const row = X.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT);
        const state = this.states.features.stateOf(r.kioskId) ?? null;
        const explanation = await explainReading(
          row,
          scores[i],
          flat[i],
          state as KioskFeatureState | null,
          model.card.normalisation.mean,
          model.run,
        );
        this.events.publish(
          new AnomalyDetectedEvent({
            kioskId: r.kioskId,
            readingAt: r.timestamp,
            score: scores[i],
            threshold: model.threshold,
            modelVersion: model.version,
            explanation,
          }),
        );
      }
    } catch (e) {
      this.logger.error(`scoring ${n} readings failed: ${(e as Error).message}`);
    }
  }

  private async store(
    readings: TelemetryBatchRecordedEvent['readings'],
    scores: Float32Array,
  ): Promise<void> {
    const rows = JSON.stringify(
      readings.map((r, i) => ({ kiosk_id: r.kioskId, ts: r.timestamp, seq: r.seq, score: scores[i] })),
    );
    await pgPool(this.dataSource).query(
      `UPDATE telemetry t SET anomaly_score = u.score
         FROM jsonb_to_recordset($1::jsonb) AS u(kiosk_id int, ts timestamptz, seq bigint, score real)
        WHERE t.kiosk_id = u.kiosk_id AND t.ts = u.ts AND t.seq IS NOT DISTINCT FROM u.seq`,
      [rows],
    );
  }
}
