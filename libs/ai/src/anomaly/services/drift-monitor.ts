import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bull';
import type Redis from 'ioredis';
import { AppConfig, InjectAppConfig, InjectRedis, PeriodicTask } from '@app/core';
import { AiRetrainingJob, QueueName } from '@app/contracts';
import { DriftReference, DriftWindow } from '@app/ml';

/** One drift-triggered retraining per day at most, fleet-wide (the key is shared by every instance). */
const DRIFT_COOLDOWN_SEC = 24 * 3600;
const COOLDOWN_KEY = 'ai:drift-retraining';

/**
 * Watches the live feature distribution of the readings this instance scores against the active
 * model's training distribution; when a feature's PSI exceeds the threshold, queues a retraining
 * on mixed data (trigger `drift`).
 */
@Injectable()
export class DriftMonitor implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(DriftMonitor.name);
  private window: DriftWindow | null = null;
  private version: string | null = null;
  private readonly checks: PeriodicTask;

  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    @InjectRedis() private readonly redis: Redis,
    @InjectQueue(QueueName.AiRetraining) private readonly queue: Queue,
  ) {
    this.checks = new PeriodicTask({
      intervalMs: config.ai.triggerCheckSec * 1000,
      run: () => this.check(),
      logger: this.logger,
      failure: 'drift check failed',
    });
  }

  onModuleInit(): void {
    this.checks.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.checks.stop();
  }

  /** Counts scored rows; a new model (or one without a reference) starts a new window. */
  observe(
    version: string,
    reference: DriftReference | undefined,
    X: Float32Array,
    n: number,
    width: number,
  ): void {
    if (reference === undefined) return;
    if (this.version !== version || this.window === null) {
      this.window = new DriftWindow(reference);
      this.version = version;
    }
    this.window.add(X, n, width);
  }

  /** Judges the window once it holds enough readings; returns whether a retraining was queued. */
  async check(): Promise<boolean> {
    const w = this.window;
    if (w === null || w.count < this.config.ai.driftMinReadings) return false;
    const [worst] = w.psi();
    w.reset();
    if (worst === undefined || worst.psi <= this.config.ai.driftPsiThreshold) return false;
    try {
      const first = await this.redis.set(COOLDOWN_KEY, worst.name, 'EX', DRIFT_COOLDOWN_SEC, 'NX');
      if (first === null) return false;
      await this.queue.add(AiRetrainingJob.Retrain, {
        dataSource: 'mixed',
        trigger: 'drift',
        requestedBy: null,
      });
      this.logger.warn(`feature drift: ${worst.name} PSI ${worst.psi.toFixed(3)}; retraining queued`);
      return true;
    } catch (e) {
      this.logger.error(`drift retraining not queued: ${(e as Error).message}`);
      return false;
    }
  }
}
