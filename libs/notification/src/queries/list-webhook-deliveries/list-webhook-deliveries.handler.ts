import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { decodeCursor, notFound, Page, toPage } from '@app/core';
import { WebhookDeliveryDto } from '../../dto/webhook.dto';
import { WebhookRepository } from '../../webhooks/webhook.repository';
import { ListWebhookDeliveriesQuery } from './list-webhook-deliveries.query';

@QueryHandler(ListWebhookDeliveriesQuery)
export class ListWebhookDeliveriesHandler implements IQueryHandler<
  ListWebhookDeliveriesQuery,
  Page<WebhookDeliveryDto>
> {
  constructor(private readonly webhooks: WebhookRepository) {}

  async execute({
    webhookId,
    limit,
    cursor,
    status,
  }: ListWebhookDeliveriesQuery): Promise<Page<WebhookDeliveryDto>> {
    if (!(await this.webhooks.find(webhookId))) throw notFound('Webhook');
    const before = decodeCursor(cursor);
    const rows = await this.webhooks.listDeliveries({
      webhookId,
      status: status ?? null,
      before: before ? { createdAt: before.k, id: before.id } : null,
      limit: limit + 1,
    });
    return toPage(rows, limit, WebhookDeliveryDto.from, (r) => ({ k: r.created_at.toISOString(), id: r.id }));
  }
}
