import { InjectQueue } from '@nestjs/bull';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { QueueName } from '@app/contracts';
import { WebhookDeliveryDto } from '../../dto/webhook.dto';
import { scheduleAttempt } from '../../webhooks/webhook-deliverer';
import { WebhookRepository } from '../../webhooks/webhook.repository';
import { RedeliverWebhookDeliveryCommand } from './redeliver-webhook-delivery.command';

@CommandHandler(RedeliverWebhookDeliveryCommand)
export class RedeliverWebhookDeliveryHandler implements ICommandHandler<
  RedeliverWebhookDeliveryCommand,
  WebhookDeliveryDto
> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly webhooks: WebhookRepository,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
  ) {}

  async execute({ webhookId, deliveryId }: RedeliverWebhookDeliveryCommand): Promise<WebhookDeliveryDto> {
    const row = await this.webhooks.resetDelivery(webhookId, deliveryId);
    if (!row) throw notFound('Delivery');
    await scheduleAttempt(this.dataSource, this.queue, row.id, `${row.id}:redeliver:${Date.now()}`);
    return WebhookDeliveryDto.from(row);
  }
}
