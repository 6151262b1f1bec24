import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AlertStore } from '../../alerts/alert-store';
import { RaiseAnomalyAlertCommand } from './raise-anomaly-alert.command';

/**
 * One open `ai_anomaly` alert per kiosk: further anomalous readings add occurrences and replace the
 * explanation with the latest one, so people read why the model objects now.
 */
@CommandHandler(RaiseAnomalyAlertCommand)
export class RaiseAnomalyAlertHandler implements ICommandHandler<RaiseAnomalyAlertCommand, void> {
  private readonly logger = new Logger(RaiseAnomalyAlertHandler.name);

  constructor(private readonly store: AlertStore) {}

  async execute({ anomaly }: RaiseAnomalyAlertCommand): Promise<void> {
    const top = [...anomaly.explanation].sort((a, b) => b.contribution - a.contribution)[0];
    const why = top ? `: ${top.text}` : '';
    await this.store
      .transact((tx) =>
        tx.raiseKeyed({
          kioskId: anomaly.kioskId,
          dedupKey: 'ai_anomaly',
          type: 'ai_anomaly',
          severity: 'warning',
          title: `Anomalous telemetry (score ${anomaly.score.toFixed(3)} ≥ ${anomaly.threshold.toFixed(3)})${why}`,
          explanation: anomaly.explanation,
          details: {
            score: anomaly.score,
            threshold: anomaly.threshold,
            modelVersion: anomaly.modelVersion,
            readingAt: anomaly.readingAt.toISOString(),
          },
        }),
      )
      .catch((e: unknown) => {
        this.logger.error(
          `ai_anomaly alert of kiosk ${anomaly.kioskId} failed: ${e instanceof Error ? e.message : String(e)}`,
        );
      });
  }
}
