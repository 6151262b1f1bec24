import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppConfig, InjectAppConfig, notFound } from '@app/core';
import { WebhookDto } from '../../dto/webhook.dto';
import { assertAcceptableTarget } from '../../webhooks/assert-acceptable-target';
import { WebhookRepository } from '../../webhooks/webhook.repository';
import { UpdateWebhookCommand } from './update-webhook.command';

@CommandHandler(UpdateWebhookCommand)
export class UpdateWebhookHandler implements ICommandHandler<UpdateWebhookCommand, WebhookDto> {
  constructor(
    private readonly webhooks: WebhookRepository,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async execute({ id, body }: UpdateWebhookCommand): Promise<WebhookDto> {
    if (body.url !== undefined) await assertAcceptableTarget(body.url, this.config);
    const row = await this.webhooks.update(id, body);
    if (!row) throw notFound('Webhook');
    return WebhookDto.from(row);
  }
}
