import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { DeliverWebhookJob, NotificationsJob, QueueName, RouteEventJob } from '@app/contracts';
import { queryRecords } from '@app/database';
import { AlertEmails } from '../email/alert-emails';
import { DELIVERY_JOB_OPTIONS } from '../webhooks/webhook-deliverer';
import { Batcher } from '@app/core';

interface FannedOut {
  id: string;
  status: string;
  attempts: number;
}

/**
 * Fans one committed event out: one delivery per active webhook subscribed to its type, and the
 * emails of alert events. Idempotent, so a retried or re-relayed event changes nothing: delivery
 * ids derive from (webhook, event) and their first job's id is the delivery id.
 */
@Injectable()
export class EventRouter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    private readonly alertEmails: AlertEmails,
  ) {}

  /** One INSERT for the events routed together (a burst of outbox rows arrives as many jobs at once). */
  private readonly fanOut = new Batcher<RouteEventJob, FannedOut[]>(async (batch) => {
    // One row per event: ON CONFLICT DO UPDATE may not touch a row twice in one statement.
    const events = [...new Map(batch.map((e) => [e.eventId, e])).values()];
    // DO UPDATE (a no-op change) instead of DO NOTHING so a retry still sees the rows it created.
    const rows = await queryRecords<FannedOut & { event_id: string }>(
      this.dataSource,
      `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, occurred_at, data, next_attempt_at, job_id)
       SELECT md5(w.id::text || ':' || e.event_id)::uuid, w.id, e.event_id::uuid, e.type, e.occurred_at, e.data,
              now(), md5(w.id::text || ':' || e.event_id)::uuid::text
         FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::jsonb[]) AS e (event_id, type, occurred_at, data)
         JOIN webhooks w ON w.active AND e.type = ANY (w.events)
       ON CONFLICT (webhook_id, event_id) DO UPDATE SET event_type = EXCLUDED.event_type
       RETURNING id, event_id, status, attempts`,
      [
        events.map((e) => e.eventId),
        events.map((e) => e.type),
        events.map((e) => e.occurredAt),
        events.map((e) => JSON.stringify(e.data)),
      ],
    );
    const byEvent = new Map<string, FannedOut[]>();
    for (const r of rows) byEvent.set(r.event_id, [...(byEvent.get(r.event_id) ?? []), r]);
    return batch.map((e) => byEvent.get(e.eventId) ?? []);
  });

  async route(event: RouteEventJob): Promise<{ deliveries: number; emails: number }> {
    const rows = await this.fanOut.submit(event);
    const fresh = rows.filter((r) => r.status === 'pending' && r.attempts === 0);
    if (fresh.length) {
      await this.queue.addBulk(
        fresh.map((r) => ({
          name: NotificationsJob.DeliverWebhook,
          data: { deliveryId: r.id } satisfies DeliverWebhookJob,
          opts: { ...DELIVERY_JOB_OPTIONS, jobId: r.id },
        })),
      );
    }
    const emails = event.type.startsWith('alert.') ? await this.alertEmails.onAlertEvent(event) : 0;
    return { deliveries: rows.length, emails };
  }
}
