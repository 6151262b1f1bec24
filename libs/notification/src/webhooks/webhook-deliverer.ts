import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { AppConfig, Batcher, InjectAppConfig } from '@app/core';
import { DeliverWebhookJob, NotificationsJob, QueueName } from '@app/contracts';
import { queryRecords } from '@app/database';
import { NotificationMetrics } from '../metrics/notification-metrics';
import { nextRetryDelayMs } from './retry-schedule';
import { WebhookHttpClient, WebhookResponse } from './webhook-http-client';
import { signWebhook } from './webhook-signature';

interface DueDelivery {
  id: string;
  event_id: string;
  event_type: string;
  occurred_at: Date;
  data: Record<string, unknown>;
  status: string;
  attempts: number;
  url: string;
  secret: string;
  active: boolean;
}

export type AttemptResult =
  | { skipped: 'gone' | 'delivered' | 'dead' | 'inactive' }
  | { status: 'delivered' | 'failed' | 'dead'; attempts: number; statusCode: number | null };

/** The body integrators receive (CONTRACT.md §6); its exact bytes are what the signature covers. */
export function webhookBody(eventId: string, type: string, occurredAt: Date, data: unknown): string {
  return JSON.stringify({ id: eventId, type, occurredAt: occurredAt.toISOString(), data });
}

/**
 * Delivery jobs: the delivery row in PostgreSQL is the record (status, attempts, history), so a
 * finished job is dropped at once instead of weighing on Redis; `attempts` covers infrastructure
 * errors (database down), not receiver failures, which are the delivery's own retry schedule.
 */
export const DELIVERY_JOB_OPTIONS = { attempts: 5, removeOnComplete: true } as const;

/** Enqueues the job that makes a delivery's next attempt, and records its id on the delivery. */
export async function scheduleAttempt(
  dataSource: DataSource,
  queue: Queue,
  deliveryId: string,
  jobId: string,
  delayMs = 0,
): Promise<void> {
  await dataSource.query(`UPDATE webhook_deliveries SET job_id = $2 WHERE id = $1`, [deliveryId, jobId]);
  const data: DeliverWebhookJob = { deliveryId };
  await queue.add(NotificationsJob.DeliverWebhook, data, { ...DELIVERY_JOB_OPTIONS, jobId, delay: delayMs });
}

/**
 * One attempt of one delivery: sign, POST, record the outcome. A failure schedules the next attempt
 * as a new delayed job (the schedule is the delivery's, not Bull's, so it survives redeliveries and
 * the recovery sweep); past the retry horizon the delivery is dead.
 */
@Injectable()
export class WebhookDeliverer {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly http: WebhookHttpClient,
    private readonly metrics: NotificationMetrics,
  ) {}

  /** One SELECT for the deliveries a busy worker starts together. */
  private readonly reads = new Batcher<string, DueDelivery | undefined>(async (ids) => {
    const rows = await queryRecords<DueDelivery>(
      this.dataSource,
      `SELECT d.id, d.event_id, d.event_type, d.occurred_at, d.data, d.status, d.attempts, w.url, w.secret, w.active
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = ANY ($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id));
  });

  /** One UPDATE for the successes that come back together (the common case, so the hot path). */
  private readonly successes = new Batcher<{ id: string; res: WebhookResponse }, void>(async (done) => {
    await this.dataSource.query(
      `UPDATE webhook_deliveries d
          SET status = 'delivered', attempts = d.attempts + 1, last_status_code = v.code, last_latency_ms = v.ms,
              last_error = NULL, delivered_at = now(), next_attempt_at = NULL
         FROM unnest($1::uuid[], $2::int[], $3::int[]) AS v (id, code, ms)
        WHERE d.id = v.id AND d.status <> 'delivered'`,
      [done.map((x) => x.id), done.map((x) => x.res.statusCode), done.map((x) => x.res.latencyMs)],
    );
    return done.map(() => undefined);
  });

  async attempt(deliveryId: string): Promise<AttemptResult> {
    const d = await this.reads.submit(deliveryId);
    if (!d) return { skipped: 'gone' };
    if (d.status === 'delivered' || d.status === 'dead') return { skipped: d.status };
    if (!d.active) return { skipped: 'inactive' };

    const body = webhookBody(d.event_id, d.event_type, d.occurred_at, d.data);
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await this.http.post(d.url, body, {
      'x-webhook-id': d.event_id,
      'x-webhook-timestamp': String(timestamp),
      'x-webhook-signature': signWebhook(d.secret, timestamp, body),
    });
    this.metrics.webhookLatency.observe(res.latencyMs / 1000);
    const attempts = d.attempts + 1;
    if (res.statusCode !== null && res.statusCode >= 200 && res.statusCode < 300) {
      await this.successes.submit({ id: d.id, res });
      this.metrics.webhookAttempts.inc({ outcome: 'delivered' });
      return { status: 'delivered', attempts, statusCode: res.statusCode };
    }
    const { retryBaseMs, retryHorizonMs } = this.config.webhooks;
    const delay = nextRetryDelayMs(attempts, retryBaseMs, retryHorizonMs);
    const status = delay === null ? 'dead' : 'failed';
    this.metrics.webhookAttempts.inc({ outcome: status });
    // A late failure (this attempt outlived its job lock while another attempt succeeded) changes nothing.
    if (!(await this.record(d.id, status, res, delay))) return { skipped: 'delivered' };
    if (delay !== null)
      await scheduleAttempt(this.dataSource, this.queue, d.id, `${d.id}:${attempts}`, delay);
    return { status, attempts, statusCode: res.statusCode };
  }

  private async record(
    id: string,
    status: 'failed' | 'dead',
    res: WebhookResponse,
    retryInMs: number | null,
  ): Promise<boolean> {
    const updated = await queryRecords(
      this.dataSource,
      `UPDATE webhook_deliveries
          SET status = $2, attempts = attempts + 1, last_status_code = $3, last_latency_ms = $4,
              last_error = $5, next_attempt_at = CASE WHEN $6::int IS NULL THEN NULL ELSE now() + make_interval(secs => $6::int / 1000.0) END
        WHERE id = $1 AND status <> 'delivered' RETURNING id`,
      [id, status, res.statusCode, res.latencyMs, res.error, retryInMs],
    );
    return updated.length > 0;
  }
}
