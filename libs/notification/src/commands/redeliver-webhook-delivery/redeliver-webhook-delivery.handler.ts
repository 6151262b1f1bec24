import { InjectQueue } from '@nestjs/bull';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { QueueName } from '@app/contracts';
import { queryRecords } from '@app/database';
import { DeliveryRow, WebhookDeliveryDto } from '../../dto/webhook.dto';
import { DELIVERY_COLUMNS } from '../../queries/list-webhook-deliveries/list-webhook-deliveries.handler';
import { scheduleAttempt } from '../../webhooks/webhook-deliverer';
import { RedeliverWebhookDeliveryCommand } from './redeliver-webhook-delivery.command';

@CommandHandler(RedeliverWebhookDeliveryCommand)
export class RedeliverWebhookDeliveryHandler implements ICommandHandler<
  RedeliverWebhookDeliveryCommand,
  WebhookDeliveryDto
> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
  ) {}

  async execute({ webhookId, deliveryId }: RedeliverWebhookDeliveryCommand): Promise<WebhookDeliveryDto> {
    const [row] = await queryRecords<DeliveryRow>(
      this.dataSource,
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now()
        WHERE id = $1 AND webhook_id = $2 RETURNING ${DELIVERY_COLUMNS}`,
      [deliveryId, webhookId],
    );
    if (!row) throw notFound('Delivery');
    await scheduleAttempt(this.dataSource, this.queue, row.id, `${row.id}:redeliver:${Date.now()}`);
    return WebhookDeliveryDto.from(row);
  }
}
