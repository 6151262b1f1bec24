import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, notFound, Page, toPage } from '@app/core';
import { WebhookDeliveryDto } from '../../dto/webhook.dto';
import { findWebhook, listDeliveries } from '../../webhooks/webhook-repository';
import { ListWebhookDeliveriesQuery } from './list-webhook-deliveries.query';

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
    if (!(await findWebhook(this.dataSource, webhookId))) throw notFound('Webhook');
    const before = decodeCursor(cursor);
    const rows = await listDeliveries(this.dataSource, {
      webhookId,
      status: status ?? null,
      before: before ? { createdAt: before.k, id: before.id } : null,
      limit: limit + 1,
    });
    return toPage(rows, limit, WebhookDeliveryDto.from, (r) => ({ k: r.created_at.toISOString(), id: r.id }));
  }
}
