import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '@app/core';

export type DeliveryOutcome = 'delivered' | 'failed' | 'dead';

/** Delivery counters of this process (queue depths are the platform's `queue_jobs` gauge). */
@Injectable()
export class NotificationMetrics {
  readonly webhookAttempts: Counter<'outcome'>;
  readonly webhookLatency: Histogram;
  readonly emails: Counter<'kind' | 'outcome'>;
  readonly outboxRelayed: Counter;
  readonly jobFailures: Counter<'job'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.webhookAttempts = new Counter({
      name: 'webhook_delivery_attempts_total',
      help: 'Webhook delivery attempts by outcome (failed: will be retried; dead: gave up)',
      labelNames: ['outcome'],
      registers,
    });
    this.webhookLatency = new Histogram({
      name: 'webhook_delivery_duration_seconds',
      help: 'Time from request to response of webhook deliveries',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.emails = new Counter({
      name: 'notification_emails_total',
      help: 'Notification emails by kind (alert, digest, reminder) and outcome (queued, folded into a digest)',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.outboxRelayed = new Counter({
      name: 'outbox_events_relayed_total',
      help: 'Committed outbox events handed to the notifications queue',
      registers,
    });
    this.jobFailures = new Counter({
      name: 'notification_job_failures_total',
      help: 'Failed runs of notifications-queue jobs (each is retried by Bull until its attempts run out)',
      labelNames: ['job'],
      registers,
    });
  }
}
