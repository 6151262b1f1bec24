import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { WebhookDto } from '../../dto/webhook.dto';
import { findWebhook } from '../../webhooks/webhook-repository';
import { GetWebhookQuery } from './get-webhook.query';

@QueryHandler(GetWebhookQuery)
export class GetWebhookHandler implements IQueryHandler<GetWebhookQuery, WebhookDto> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ id }: GetWebhookQuery): Promise<WebhookDto> {
    const row = await findWebhook(this.dataSource, id);
    if (!row) throw notFound('Webhook');
    return WebhookDto.from(row);
  }
}
