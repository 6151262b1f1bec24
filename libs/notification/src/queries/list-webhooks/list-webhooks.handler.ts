import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, Page, toPage } from '@app/core';
import { WebhookDto } from '../../dto/webhook.dto';
import { listWebhooks } from '../../webhooks/webhook-repository';
import { ListWebhooksQuery } from './list-webhooks.query';

@QueryHandler(ListWebhooksQuery)
export class ListWebhooksHandler implements IQueryHandler<ListWebhooksQuery, Page<WebhookDto>> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ limit, cursor }: ListWebhooksQuery): Promise<Page<WebhookDto>> {
    const after = decodeCursor(cursor);
    const rows = await listWebhooks(
      this.dataSource,
      after ? { createdAt: after.k, id: after.id } : null,
      limit + 1,
    );
    return toPage(rows, limit, WebhookDto.from, (r) => ({ k: r.created_at.toISOString(), id: r.id }));
  }
}
