import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig, InjectAppConfig, InjectRedis, PeriodicTask } from '@app/core';
import { AiRetrainingJob, QueueName } from '@app/contracts';

const NIGHTLY_JOB_ID = 'ai-nightly-retraining';
/** After a label-triggered retraining is queued, the next one waits at least this long. */
const LABELS_COOLDOWN_SEC = 6 * 3600;
const LABELS_KEY = 'ai:labels-retraining';

/**
 * The worker's automatic retraining: a nightly repeatable job, and a retraining whenever enough
 * alerts have been judged (true or false positive) since the last one. Drift is watched by the
 * API instances, which see the readings (DriftMonitor).
 */
@Injectable()
export class RetrainingTriggers implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RetrainingTriggers.name);
  private readonly labelChecks: PeriodicTask;

  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRedis() private readonly redis: Redis,
    @InjectQueue(QueueName.AiRetraining) private readonly queue: Queue,
  ) {
    // Every worker checks; the Redis cooldown key below makes one of them queue the retraining.
    this.labelChecks = new PeriodicTask({
      intervalMs: config.ai.triggerCheckSec * 1000,
      run: () => this.checkNewLabels(),
      logger: this.logger,
      failure: 'label check failed',
    });
  }

  async onModuleInit(): Promise<void> {
    if (this.config.ai.retrainCron !== '') {
      // Bull keys a repeatable job by name, cron and id: adding it again at every start is a no-op.
      await this.queue.add(
        AiRetrainingJob.Retrain,
        { dataSource: 'mixed', trigger: 'nightly', requestedBy: null },
        { repeat: { cron: this.config.ai.retrainCron }, jobId: NIGHTLY_JOB_ID },
      );
    }
    this.labelChecks.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.labelChecks.stop();
  }

  /** Queues a retraining when enough alerts were judged since the last retrained model; true if it did. */
  async checkNewLabels(): Promise<boolean> {
    try {
      // alert_facts_v is the alert module's read model: this runs in the worker, where its handlers are not.
      const [row]: { n: number }[] = await this.dataSource.query(
        `SELECT count(*)::int AS n FROM alert_facts_v
          WHERE false_positive IS NOT NULL AND resolved_at > coalesce(
            (SELECT max(created_at) FROM ai_models WHERE created_by LIKE 'retraining:%'), '-infinity')`,
      );
      if (row.n < this.config.ai.retrainMinNewLabels) return false;
      const first = await this.redis.set(LABELS_KEY, String(row.n), 'EX', LABELS_COOLDOWN_SEC, 'NX');
      if (first === null) return false;
      await this.queue.add(AiRetrainingJob.Retrain, {
        dataSource: 'mixed',
        trigger: 'labels',
        requestedBy: null,
      });
      this.logger.log(`${row.n} alerts judged since the last retraining: retraining queued`);
      return true;
    } catch (e) {
      this.logger.error(`label check failed: ${(e as Error).message}`);
      return false;
    }
  }
}
