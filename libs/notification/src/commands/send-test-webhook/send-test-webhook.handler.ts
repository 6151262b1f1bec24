import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bull';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { notFound, unprocessable } from '@app/core';
import { QueueName } from '@app/contracts';
import { WebhookDeliveryDto } from '../../dto/webhook.dto';
import { scheduleAttempt } from '../../webhooks/webhook-deliverer';
import { WebhookRepository } from '../../webhooks/webhook.repository';
import { SendTestWebhookCommand } from './send-test-webhook.command';

export const TEST_EVENT_TYPE = 'webhook.test';

@CommandHandler(SendTestWebhookCommand)
export class SendTestWebhookHandler implements ICommandHandler<SendTestWebhookCommand, WebhookDeliveryDto> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly webhooks: WebhookRepository,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
  ) {}

  async execute({ webhookId }: SendTestWebhookCommand): Promise<WebhookDeliveryDto> {
    const hook = await this.webhooks.find(webhookId);
    if (!hook) throw notFound('Webhook');
    // An inactive webhook receives nothing, so a test delivery would wait forever.
    if (!hook.active) throw unprocessable('The webhook is not active');
    const id = randomUUID();
    const row = await this.webhooks.insertTestDelivery({ id, webhookId, eventType: TEST_EVENT_TYPE });
    if (!row) throw notFound('Webhook');
    await scheduleAttempt(this.dataSource, this.queue, id, id);
    return WebhookDeliveryDto.from(row);
  }
}
