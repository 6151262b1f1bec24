import { BullModule, getQueueToken } from '@nestjs/bull';
import { DynamicModule, Global, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { AdvancedSettings, Queue } from 'bull';
import { Gauge } from 'prom-client';
import type { AppConfig } from '../config/app.config';
import { MetricsService } from '../metrics/metrics';
import { QUEUE_DEFAULTS } from './queues';
import { QueueName } from '@app/contracts';

const ALL_QUEUES = Object.values(QueueName);

/** Exposes waiting/active/delayed/failed counts of every queue on /metrics, read at scrape time. */
@Injectable()
class QueueDepthMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    const queues = ALL_QUEUES.map((name) =>
      this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
    );
    new Gauge({
      name: 'queue_jobs',
      help: 'Jobs per Bull queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.metrics.registry],
      async collect() {
        for (const q of queues) {
          const counts = await q.getJobCounts();
          for (const [state, n] of Object.entries(counts)) this.set({ queue: q.name, state }, n);
        }
      },
    });
  }
}

/**
 * Notification jobs must survive a worker that dies mid-job: its lock expires after `lockMs`, another
 * worker's stalled check (every `stalledIntervalMs`) moves the job back to waiting, and a job may
 * stall a few times (repeated crashes) before Bull gives up on it.
 */
function queueSettings(name: QueueName, config: AppConfig): AdvancedSettings | undefined {
  if (name !== QueueName.Notifications) return undefined;
  return {
    lockDuration: config.notifications.lockMs,
    stalledInterval: config.notifications.stalledIntervalMs,
    maxStalledCount: 5,
  };
}

/** Registers every queue once, with the defaults of QUEUE_DEFAULTS and the deployment's key prefix. */
@Global()
@Module({})
export class QueuesModule {
  static forRoot(config: AppConfig): DynamicModule {
    const queues = BullModule.registerQueue(
      ...ALL_QUEUES.map((name) => ({
        name,
        defaultJobOptions: QUEUE_DEFAULTS[name],
        settings: queueSettings(name, config),
      })),
    );
    return {
      module: QueuesModule,
      imports: [
        BullModule.forRoot({
          redis: config.redis.url,
          prefix: `${config.redis.keyPrefix}bull`,
        }),
        queues,
      ],
      providers: [QueueDepthMetrics],
      exports: [queues],
    };
  }
}
