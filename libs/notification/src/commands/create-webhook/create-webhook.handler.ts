import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, InjectAppConfig } from '@app/core';
import { CreatedWebhookDto, WebhookDto } from '../../dto/webhook.dto';
import { assertAcceptableTarget } from '../../webhooks/assert-acceptable-target';
import { insertWebhook } from '../../webhooks/webhook-repository';
import { newWebhookSecret } from '../../webhooks/webhook-signature';
import { CreateWebhookCommand } from './create-webhook.command';

@CommandHandler(CreateWebhookCommand)
export class CreateWebhookHandler implements ICommandHandler<CreateWebhookCommand, CreatedWebhookDto> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async execute({ body, actorId }: CreateWebhookCommand): Promise<CreatedWebhookDto> {
    await assertAcceptableTarget(body.url, this.config);
    const secret = body.secret ?? newWebhookSecret();
    const row = await insertWebhook(this.dataSource, {
      url: body.url,
      events: body.events,
      secret,
      active: body.active ?? true,
      createdBy: actorId,
    });
    return { ...WebhookDto.from(row), secret };
  }
}
