import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { decodeCursor, Page, toPage } from '@app/core';
import { WebhookDto } from '../../dto/webhook.dto';
import { WebhookRepository } from '../../webhooks/webhook.repository';
import { ListWebhooksQuery } from './list-webhooks.query';

@QueryHandler(ListWebhooksQuery)
export class ListWebhooksHandler implements IQueryHandler<ListWebhooksQuery, Page<WebhookDto>> {
  constructor(private readonly webhooks: WebhookRepository) {}

  async execute({ limit, cursor }: ListWebhooksQuery): Promise<Page<WebhookDto>> {
    const after = decodeCursor(cursor);
    const rows = await this.webhooks.list(after ? { createdAt: after.k, id: after.id } : null, limit + 1);
    return toPage(rows, limit, WebhookDto.from, (r) => ({ k: r.created_at.toISOString(), id: r.id }));
  }
}
