import { InjectQueue } from '@nestjs/bull';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { Queue } from 'bull';
import type Redis from 'ioredis';
import { Counter } from 'prom-client';
import {
  AppConfig,
  DomainError,
  InjectAppConfig,
  InjectRedis,
  MetricsService,
  tooManyRequests,
} from '@app/core';
import { QueueName, RetrainModelJob, Role } from '@app/contracts';
import { RetrainingAcceptedDto } from '../../dto/retraining.dto';
import { PendingRetrainings } from './pending-retrainings';
import { RequestRetrainingCommand } from './request-retraining.command';
import { RetrainRequestRateLimit } from './retrain-request-rate-limit';

type Outcome = 'queued' | 'deduplicated' | 'rate_limited';

/**
 * A retraining costs minutes of a worker's CPU, so requests are bounded twice: per user
 * (AI_RETRAIN_RATE_LIMIT per AI_RETRAIN_RATE_WINDOW_SEC, every accepted request counts, a
 * deduplicated one too) and per data source (one pending job, shared by whoever asks).
 */
@CommandHandler(RequestRetrainingCommand)
export class RequestRetrainingHandler implements ICommandHandler<
  RequestRetrainingCommand,
  RetrainingAcceptedDto
> {
  private readonly pending: PendingRetrainings;
  private readonly rateLimit: RetrainRequestRateLimit;
  private readonly requests: Counter<'outcome'>;

  constructor(
    @InjectQueue(QueueName.AiRetraining) queue: Queue<RetrainModelJob>,
    @InjectRedis() redis: Redis,
    @InjectAppConfig() config: AppConfig,
    metrics: MetricsService,
  ) {
    this.pending = new PendingRetrainings(queue);
    this.rateLimit = new RetrainRequestRateLimit(
      redis,
      config.ai.retrainRateLimit,
      config.ai.retrainRateWindowSec * 1000,
    );
    this.requests = new Counter({
      name: 'ai_retrain_requests_total',
      help: 'POST /ai/models/retrain requests past validation and roles: queued, deduplicated, rate_limited',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  async execute({ user, dataSource }: RequestRetrainingCommand): Promise<RetrainingAcceptedDto> {
    // Real telemetry is the fleet owner's data: only admins may train on it.
    if (dataSource !== 'synthetic' && user.role !== Role.Admin) {
      throw new DomainError('forbidden', `Training on ${dataSource} data needs role admin`);
    }
    const waitMs = await this.rateLimit.take(user.id);
    if (waitMs > 0) {
      this.count('rate_limited');
      throw tooManyRequests(
        'Too many retraining requests; try again after the time in Retry-After',
        waitMs / 1000,
      );
    }
    const queued = await this.pending.enqueue({ dataSource, trigger: 'manual', requestedBy: user.id });
    this.count(queued.deduplicated ? 'deduplicated' : 'queued');
    return queued;
  }

  private count(outcome: Outcome): void {
    this.requests.inc({ outcome });
  }
}
