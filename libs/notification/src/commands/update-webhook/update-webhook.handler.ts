import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, InjectAppConfig, notFound } from '@app/core';
import { WebhookDto } from '../../dto/webhook.dto';
import { assertAcceptableTarget } from '../../webhooks/assert-acceptable-target';
import { updateWebhook } from '../../webhooks/webhook-repository';
import { UpdateWebhookCommand } from './update-webhook.command';

@CommandHandler(UpdateWebhookCommand)
export class UpdateWebhookHandler implements ICommandHandler<UpdateWebhookCommand, WebhookDto> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async execute({ id, body }: UpdateWebhookCommand): Promise<WebhookDto> {
    if (body.url !== undefined) await assertAcceptableTarget(body.url, this.config);
    const row = await updateWebhook(this.dataSource, id, body);
    if (!row) throw notFound('Webhook');
    return WebhookDto.from(row);
  }
}
