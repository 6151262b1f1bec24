import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { notFound } from '@app/core';
import { WebhookRepository } from '../../webhooks/webhook.repository';
import { DeleteWebhookCommand } from './delete-webhook.command';

@CommandHandler(DeleteWebhookCommand)
export class DeleteWebhookHandler implements ICommandHandler<DeleteWebhookCommand, void> {
  constructor(private readonly webhooks: WebhookRepository) {}

  async execute({ id }: DeleteWebhookCommand): Promise<void> {
    if (!(await this.webhooks.delete(id))) throw notFound('Webhook');
  }
}
