import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppConfig, InjectAppConfig } from '@app/core';
import { CreatedWebhookDto, WebhookDto } from '../../dto/webhook.dto';
import { assertAcceptableTarget } from '../../webhooks/assert-acceptable-target';
import { WebhookRepository } from '../../webhooks/webhook.repository';
import { newWebhookSecret } from '../../webhooks/webhook-signature';
import { CreateWebhookCommand } from './create-webhook.command';

@CommandHandler(CreateWebhookCommand)
export class CreateWebhookHandler implements ICommandHandler<CreateWebhookCommand, CreatedWebhookDto> {
  constructor(
    private readonly webhooks: WebhookRepository,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async execute({ body, actorId }: CreateWebhookCommand): Promise<CreatedWebhookDto> {
    await assertAcceptableTarget(body.url, this.config);
    const secret = body.secret ?? newWebhookSecret();
    const row = await this.webhooks.insert({
      url: body.url,
      events: body.events,
      secret,
      active: body.active ?? true,
      createdBy: actorId,
    });
    return { ...WebhookDto.from(row), secret };
  }
}
