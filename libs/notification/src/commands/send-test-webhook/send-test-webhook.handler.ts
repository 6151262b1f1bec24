import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bull';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { notFound, unprocessable } from '@app/core';
import { QueueName } from '@app/contracts';
import { DeliveryRow, WebhookDeliveryDto } from '../../dto/webhook.dto';
import { DELIVERY_COLUMNS } from '../../queries/list-webhook-deliveries/list-webhook-deliveries.handler';
import { scheduleAttempt } from '../../webhooks/webhook-deliverer';
import { SendTestWebhookCommand } from './send-test-webhook.command';

export const TEST_EVENT_TYPE = 'webhook.test';

@CommandHandler(SendTestWebhookCommand)
export class SendTestWebhookHandler implements ICommandHandler<SendTestWebhookCommand, WebhookDeliveryDto> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
  ) {}

  async execute({ webhookId }: SendTestWebhookCommand): Promise<WebhookDeliveryDto> {
    const [hook] = (await this.dataSource.query(`SELECT active FROM webhooks WHERE id = $1`, [
      webhookId,
    ])) as {
      active: boolean;
    }[];
    if (!hook) throw notFound('Webhook');
    // An inactive webhook receives nothing, so a test delivery would wait forever.
    if (!hook.active) throw unprocessable('The webhook is not active');
    const id = randomUUID();
    const [row]: DeliveryRow[] = await this.dataSource.query(
      `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, occurred_at, data, next_attempt_at)
       SELECT $1, w.id, gen_random_uuid(), $3, now(),
              jsonb_build_object('webhookId', w.id, 'message', 'Test delivery from kiosk-fleet'), now()
         FROM webhooks w WHERE w.id = $2
       RETURNING ${DELIVERY_COLUMNS}`,
      [id, webhookId, TEST_EVENT_TYPE],
    );
    if (!row) throw notFound('Webhook');
    await scheduleAttempt(this.dataSource, this.queue, id, id);
    return WebhookDeliveryDto.from(row);
  }
}
