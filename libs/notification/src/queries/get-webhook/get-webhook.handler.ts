import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { WebhookDto, WebhookRow } from '../../dto/webhook.dto';
import { GetWebhookQuery } from './get-webhook.query';

@QueryHandler(GetWebhookQuery)
export class GetWebhookHandler implements IQueryHandler<GetWebhookQuery, WebhookDto> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ id }: GetWebhookQuery): Promise<WebhookDto> {
    const [row]: WebhookRow[] = await this.dataSource.query(
      `SELECT id, url, events, active, created_at FROM webhooks WHERE id = $1`,
      [id],
    );
    if (!row) throw notFound('Webhook');
    return WebhookDto.from(row);
  }
}
