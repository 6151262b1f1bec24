import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '@app/core';
import { WebhookDto } from '../../dto/webhook.dto';
import { WebhookRepository } from '../../webhooks/webhook.repository';
import { GetWebhookQuery } from './get-webhook.query';

@QueryHandler(GetWebhookQuery)
export class GetWebhookHandler implements IQueryHandler<GetWebhookQuery, WebhookDto> {
  constructor(private readonly webhooks: WebhookRepository) {}

  async execute({ id }: GetWebhookQuery): Promise<WebhookDto> {
    const row = await this.webhooks.find(id);
    if (!row) throw notFound('Webhook');
    return WebhookDto.from(row);
  }
}
