import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { deleteWebhook } from '../../webhooks/webhook-repository';
import { DeleteWebhookCommand } from './delete-webhook.command';

@CommandHandler(DeleteWebhookCommand)
export class DeleteWebhookHandler implements ICommandHandler<DeleteWebhookCommand, void> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ id }: DeleteWebhookCommand): Promise<void> {
    if (!(await deleteWebhook(this.dataSource, id))) throw notFound('Webhook');
  }
}
