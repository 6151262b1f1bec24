import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, Page, toPage } from '@app/core';
import { WebhookDto, WebhookRow } from '../../dto/webhook.dto';
import { ListWebhooksQuery } from './list-webhooks.query';

@QueryHandler(ListWebhooksQuery)
export class ListWebhooksHandler implements IQueryHandler<ListWebhooksQuery, Page<WebhookDto>> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ limit, cursor }: ListWebhooksQuery): Promise<Page<WebhookDto>> {
    const after = decodeCursor(cursor);
    const rows: WebhookRow[] = await this.dataSource.query(
      `SELECT id, url, events, active, created_at FROM webhooks
        WHERE $1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid)
        ORDER BY created_at, id LIMIT $3`,
      [after?.k ?? null, after?.id ?? null, limit + 1],
    );
    return toPage(rows, limit, WebhookDto.from, (r) => ({ k: r.created_at.toISOString(), id: r.id }));
  }
}
