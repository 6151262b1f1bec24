import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig, InjectAppConfig, InjectRedis, RedisChannel } from '@app/core';
import { RetrainModelJob } from '@app/contracts';
import { checkOutClient, pgPool } from '@app/database';
import { Dataset, concatDatasets } from '@app/ml';
import {
  buildDatabaseDataset,
  buildUploadedDataset,
  DEFAULT_GOAL,
  decidePromotion,
  FrozenSetScore,
  frozenSimulatorFleet,
  runTraining,
  scoreOnFrozenSet,
  TrainingOptions,
  TrainingProgress,
} from '@app/ml/training';
import { MODEL_ACTIVATED_CHANNEL } from '../anomaly/services/anomaly-model.service';
import { ModelRegistry } from '../anomaly/services/model-registry';

export interface RetrainingResult {
  version: string;
  promoted: boolean;
  reason: string;
  frozenSet: { candidate: FrozenSetScore; active: FrozenSetScore | null; rows: number };
}

/**
 * One retraining, start to finish, with no human in the loop: data (the simulator's fleet, and
 * for `real`/`mixed` the fleet's judged history and uploaded datasets) → the training pipeline →
 * the candidate registered → candidate and active model scored on the same frozen evaluation set
 * (a fixed simulator fleet plus every reading operators judged) → promoted only if not worse.
 */
@Injectable()
export class RetrainingService {
  private readonly logger = new Logger(RetrainingService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectAppConfig() private readonly config: AppConfig,
    @InjectRedis() private readonly redis: Redis,
    private readonly registry: ModelRegistry,
  ) {}

  async run(
    jobId: string,
    job: RetrainModelJob,
    progress: (p: TrainingProgress) => Promise<void>,
  ): Promise<RetrainingResult> {
    // Held for the whole data scan: a connection cut meanwhile fails this job, not the worker.
    const { client, release } = await checkOutClient(pgPool(this.dataSource));
    try {
      await progress({ stage: 'loading data', percent: 0 });
      const extraData: NonNullable<TrainingOptions['extraData']> = [];
      if (job.dataSource !== 'synthetic') {
        const history = await buildDatabaseDataset({ client });
        if (history.nRows > 0) {
          extraData.push({
            dataset: history,
            source: 'database',
            description: 'telemetry labelled by resolved alerts',
          });
        }
        const uploads = await buildUploadedDataset({ client });
        if (uploads.nRows > 0) {
          extraData.push({
            dataset: uploads,
            source: 'csv',
            description: 'datasets uploaded through POST /ai/datasets',
          });
        }
      }
      const kiosks = job.dataSource === 'real' ? 0 : this.config.ai.retrainSyntheticKiosks;
      let last = 0;
      const { card, onnx } = await runTraining({
        seed: `retrain-${jobId}`,
        synthetic: { kiosks, days: this.config.ai.retrainSyntheticDays, stepSec: 60 },
        extraData,
        simulatorFleet: null,
        algorithms: ['logistic_regression', 'gradient_boosted_trees'],
        goal: DEFAULT_GOAL,
        name: `anomaly-r${jobId}`,
        createdBy: `retraining:${job.trigger}:${job.requestedBy ?? 'system'}`,
        onProgress: (p) => {
          // Training spans 0–85 % of the job; the comparison the rest.
          const percent = Math.round(p.percent * 0.85);
          if (percent !== last) progress({ ...p, percent }).catch(() => undefined);
          last = percent;
        },
      });

      await progress({ stage: 'comparing with the active model', percent: 86 });
      const frozen = await this.frozenSet(client);
      const active = await this.registry.active();
      const candidateScore = await scoreOnFrozenSet(onnx, card.threshold, frozen);
      const activeScore =
        active !== null && active.model.featureSpecHash === card.featureSpec.hash
          ? await scoreOnFrozenSet(active.onnx, active.model.threshold, frozen)
          : null;
      const decision = decidePromotion(candidateScore, activeScore, {
        f1: this.config.ai.promotionF1Margin,
        falsePositiveRate: this.config.ai.promotionFprMargin,
      });
      await this.registry.insertCandidate(
        card,
        Buffer.from(onnx),
        card.createdBy,
        decision.promote ? null : decision.reason,
      );
      if (decision.promote) {
        await this.registry.activate(card.version);
        await new RedisChannel(this.redis, MODEL_ACTIVATED_CHANNEL).publish(card.version);
      }
      this.logger.log(
        `retraining ${jobId}: ${card.version} ${decision.promote ? 'promoted' : 'kept as candidate'} (${decision.reason})`,
      );
      await progress({ stage: 'done', percent: 100 });
      return {
        version: card.version,
        promoted: decision.promote,
        reason: decision.reason,
        frozenSet: { candidate: candidateScore, active: activeScore, rows: frozen.nRows },
      };
    } finally {
      release();
    }
  }

  /** The frozen simulator fleet plus every reading operators judged (real problems and false positives). */
  private async frozenSet(client: Parameters<typeof buildDatabaseDataset>[0]['client']): Promise<Dataset> {
    const fleet = await frozenSimulatorFleet(this.config.ai.frozenEvalKiosks);
    const judged = await buildDatabaseDataset({ client, onlyJudged: true });
    return judged.nRows > 0 ? concatDatasets([fleet, judged]) : fleet;
  }
}
