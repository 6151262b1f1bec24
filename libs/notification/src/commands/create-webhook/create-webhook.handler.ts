import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, InjectAppConfig } from '@app/core';
import { CreatedWebhookDto, WebhookDto, WebhookRow } from '../../dto/webhook.dto';
import { assertAcceptableTarget } from '../../webhooks/assert-acceptable-target';
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
    const [row]: WebhookRow[] = await this.dataSource.query(
      `INSERT INTO webhooks (url, events, secret, active, created_by) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, url, events, active, created_at`,
      [body.url, body.events, secret, body.active ?? true, actorId],
    );
    return { ...WebhookDto.from(row), secret };
  }
}
