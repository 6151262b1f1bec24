import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, notFound, Page, toPage } from '@app/core';
import { DeliveryRow, WebhookDeliveryDto } from '../../dto/webhook.dto';
import { ListWebhookDeliveriesQuery } from './list-webhook-deliveries.query';

export const DELIVERY_COLUMNS = `id, event_id, event_type, status, attempts, last_status_code, last_latency_ms,
  last_error, next_attempt_at, created_at, delivered_at`;

@QueryHandler(ListWebhookDeliveriesQuery)
export class ListWebhookDeliveriesHandler implements IQueryHandler<
  ListWebhookDeliveriesQuery,
  Page<WebhookDeliveryDto>
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({
    webhookId,
    limit,
    cursor,
    status,
  }: ListWebhookDeliveriesQuery): Promise<Page<WebhookDeliveryDto>> {
    const [exists] = await this.dataSource.query(`SELECT 1 FROM webhooks WHERE id = $1`, [webhookId]);
    if (!exists) throw notFound('Webhook');
    const before = decodeCursor(cursor);
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries
        WHERE webhook_id = $1 AND ($2::text IS NULL OR status = $2)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      [webhookId, status ?? null, before?.k ?? null, before?.id ?? null, limit + 1],
    );
    return toPage(rows, limit, WebhookDeliveryDto.from, (r) => ({ k: r.created_at.toISOString(), id: r.id }));
  }
}
