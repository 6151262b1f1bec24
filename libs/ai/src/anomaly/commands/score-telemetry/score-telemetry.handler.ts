import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { notFound, unprocessable } from '@app/core';
import { CanUserSeeKioskQuery } from '@app/contracts';
import {
  FEATURE_COUNT,
  KioskFeatureState,
  createKioskFeatureState,
  extractFeatures,
  flattenWireReading,
} from '@app/ml';
import { AnomalyScoreDto } from '../../dto/score-telemetry.dto';
import { AnomalyModelService } from '../../services/anomaly-model.service';
import { explainReading } from '../../services/explain';
import { KioskScoringStates } from '../../services/kiosk-scoring-states';
import { ScoreTelemetryCommand } from './score-telemetry.command';

/**
 * With `kiosk_id`, the payload is scored as that kiosk's next reading — against a copy of its
 * baselines, which the probe does not move. Without, as a kiosk's first reading (no history).
 */
@CommandHandler(ScoreTelemetryCommand)
export class ScoreTelemetryHandler implements ICommandHandler<ScoreTelemetryCommand, AnomalyScoreDto> {
  constructor(
    private readonly models: AnomalyModelService,
    private readonly states: KioskScoringStates,
    private readonly queries: QueryBus,
  ) {}

  async execute({ user, payload }: ScoreTelemetryCommand): Promise<AnomalyScoreDto> {
    const model = this.models.current();
    if (model === null) throw unprocessable('No anomaly model is active');
    const kioskId = payload.kiosk_id;
    if (kioskId !== undefined && !(await this.queries.execute(new CanUserSeeKioskQuery(user, kioskId)))) {
      throw notFound('Kiosk');
    }
    const reading = flattenWireReading(payload);
    const at = payload.timestamp !== undefined ? Date.parse(payload.timestamp) : Date.now();
    if (kioskId !== undefined) await this.states.restore([kioskId]);
    const known = kioskId !== undefined ? this.states.features.stateOf(kioskId) : undefined;
    const state: KioskFeatureState =
      known !== undefined
        ? (structuredClone(known) as KioskFeatureState)
        : createKioskFeatureState(reading, at);
    const row = new Float32Array(FEATURE_COUNT);
    extractFeatures(state, reading, Math.max(at, state.lastMs), row);
    const [score] = await model.run(row, 1);
    const explanation = await explainReading(
      row,
      score,
      reading,
      known !== undefined ? state : null,
      model.card.normalisation.mean,
      model.run,
    );
    return {
      score,
      isAnomaly: score >= model.threshold,
      threshold: model.threshold,
      modelVersion: model.version,
      explanation,
    };
  }
}
