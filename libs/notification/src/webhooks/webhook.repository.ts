import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';
import type { DeliveryRow, DeliveryStatus, UpdateWebhookDto, WebhookRow } from '../dto/webhook.dto';

export const DELIVERY_COLUMNS = `id, event_id, event_type, status, attempts, last_status_code, last_latency_ms,
  last_error, next_attempt_at, created_at, delivered_at`;
const WEBHOOK_COLUMNS = 'id, url, events, active, created_at';

/**
 * The statements the webhook handlers run, on the webhook aggregate (`webhooks` and its
 * `webhook_deliveries`). The relay and the deliverer keep their own, hot-path statements.
 */
@Injectable()
export class WebhookRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(w: {
    url: string;
    events: string[];
    secret: string;
    active: boolean;
    createdBy: string;
  }): Promise<WebhookRow> {
    const [row] = await queryRecords<WebhookRow>(
      this.dataSource,
      `INSERT INTO webhooks (url, events, secret, active, created_by) VALUES ($1, $2, $3, $4, $5)
     RETURNING ${WEBHOOK_COLUMNS}`,
      [w.url, w.events, w.secret, w.active, w.createdBy],
    );
    return row;
  }

  /** Fields left out keep their value. */
  async update(id: string, body: UpdateWebhookDto): Promise<WebhookRow | undefined> {
    const [row] = await queryRecords<WebhookRow>(
      this.dataSource,
      `UPDATE webhooks SET url = coalesce($2, url), events = coalesce($3, events), secret = coalesce($4, secret),
            active = coalesce($5, active), updated_at = now()
      WHERE id = $1 RETURNING ${WEBHOOK_COLUMNS}`,
      [id, body.url ?? null, body.events ?? null, body.secret ?? null, body.active ?? null],
    );
    return row;
  }

  /** False when there was no such webhook. */
  async delete(id: string): Promise<boolean> {
    const rows = await queryRecords(this.dataSource, `DELETE FROM webhooks WHERE id = $1 RETURNING id`, [id]);
    return rows.length > 0;
  }

  async find(id: string): Promise<WebhookRow | undefined> {
    const [row] = await queryRecords<WebhookRow>(
      this.dataSource,
      `SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** A keyset page in creation order, after `(createdAt, id)` when given. */
  list(after: { createdAt: unknown; id: unknown } | null, limit: number): Promise<WebhookRow[]> {
    return queryRecords<WebhookRow>(
      this.dataSource,
      `SELECT ${WEBHOOK_COLUMNS} FROM webhooks
      WHERE $1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid)
      ORDER BY created_at, id LIMIT $3`,
      [after?.createdAt ?? null, after?.id ?? null, limit],
    );
  }

  /** Newest first, a keyset page before `(createdAt, id)` when given. */
  listDeliveries(q: {
    webhookId: string;
    status: DeliveryStatus | null;
    before: { createdAt: unknown; id: unknown } | null;
    limit: number;
  }): Promise<DeliveryRow[]> {
    return queryRecords<DeliveryRow>(
      this.dataSource,
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries
      WHERE webhook_id = $1 AND ($2::text IS NULL OR status = $2)
        AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $5`,
      [q.webhookId, q.status, q.before?.createdAt ?? null, q.before?.id ?? null, q.limit],
    );
  }

  /** Puts a delivery of this webhook back to pending, due now; undefined when there is none. */
  async resetDelivery(webhookId: string, deliveryId: string): Promise<DeliveryRow | undefined> {
    const [row] = await queryRecords<DeliveryRow>(
      this.dataSource,
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now()
      WHERE id = $1 AND webhook_id = $2 RETURNING ${DELIVERY_COLUMNS}`,
      [deliveryId, webhookId],
    );
    return row;
  }

  /** A test delivery to the webhook, due now; undefined when the webhook is gone. */
  async insertTestDelivery(q: {
    id: string;
    webhookId: string;
    eventType: string;
  }): Promise<DeliveryRow | undefined> {
    const [row] = await queryRecords<DeliveryRow>(
      this.dataSource,
      `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, occurred_at, data, next_attempt_at)
     SELECT $1, w.id, gen_random_uuid(), $3, now(),
            jsonb_build_object('webhookId', w.id, 'message', 'Test delivery from kiosk-fleet'), now()
       FROM webhooks w WHERE w.id = $2
     RETURNING ${DELIVERY_COLUMNS}`,
      [q.id, q.webhookId, q.eventType],
    );
    return row;
  }
}
