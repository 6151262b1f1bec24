import { Logger } from '@nestjs/common';
import { EventBus, EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { AnomalyDetectedEvent, TelemetryBatchRecordedEvent } from '@app/contracts';
import { explainReading } from '../services/explain';
import { PendingAnomalies } from '../services/pending-anomalies';

/**
 * Once readings are stored: an `AnomalyDetected` event, with its explanation, for each one whose
 * score opened an anomaly when it was scored on its way in (AnomalyReadingScorer).
 */
@EventsHandler(TelemetryBatchRecordedEvent)
export class RaiseAnomalyWhenTelemetryRecordedHandler implements IEventHandler<TelemetryBatchRecordedEvent> {
  private readonly logger = new Logger(RaiseAnomalyWhenTelemetryRecordedHandler.name);

  constructor(
    private readonly pending: PendingAnomalies,
    private readonly events: EventBus,
  ) {}

  async handle({ readings }: TelemetryBatchRecordedEvent): Promise<void> {
    for (const r of readings) {
      const anomaly = this.pending.take(r);
      if (!anomaly) continue;
      const { model } = anomaly;
      try {
        const explanation = await explainReading(
          anomaly.row,
          anomaly.score,
          anomaly.flat,
          anomaly.state,
          model.card.normalisation.mean,
          model.run,
        );
        this.events.publish(
          new AnomalyDetectedEvent({
            kioskId: r.kioskId,
            readingAt: r.timestamp,
            score: anomaly.score,
            threshold: model.threshold,
            modelVersion: model.version,
            explanation,
          }),
        );
      } catch (e) {
        this.logger.error(`explaining the anomaly of kiosk ${r.kioskId} failed: ${(e as Error).message}`);
      }
    }
  }
}
