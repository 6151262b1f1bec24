import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, InjectAppConfig, notFound } from '@app/core';
import { queryRecords } from '@app/database';
import { WebhookDto, WebhookRow } from '../../dto/webhook.dto';
import { assertAcceptableTarget } from '../../webhooks/assert-acceptable-target';
import { UpdateWebhookCommand } from './update-webhook.command';

@CommandHandler(UpdateWebhookCommand)
export class UpdateWebhookHandler implements ICommandHandler<UpdateWebhookCommand, WebhookDto> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async execute({ id, body }: UpdateWebhookCommand): Promise<WebhookDto> {
    if (body.url !== undefined) await assertAcceptableTarget(body.url, this.config);
    const [row] = await queryRecords<WebhookRow>(
      this.dataSource,
      `UPDATE webhooks SET url = coalesce($2, url), events = coalesce($3, events), secret = coalesce($4, secret),
              active = coalesce($5, active), updated_at = now()
        WHERE id = $1 RETURNING id, url, events, active, created_at`,
      [id, body.url ?? null, body.events ?? null, body.secret ?? null, body.active ?? null],
    );
    if (!row) throw notFound('Webhook');
    return WebhookDto.from(row);
  }
}
