import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { queryRecords } from '@app/database';
import { DeleteWebhookCommand } from './delete-webhook.command';

@CommandHandler(DeleteWebhookCommand)
export class DeleteWebhookHandler implements ICommandHandler<DeleteWebhookCommand, void> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ id }: DeleteWebhookCommand): Promise<void> {
    const rows = await queryRecords(this.dataSource, `DELETE FROM webhooks WHERE id = $1 RETURNING id`, [id]);
    if (rows.length === 0) throw notFound('Webhook');
  }
}
