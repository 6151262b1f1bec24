import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { queryRecords } from '@app/database';
import { DeleteNotificationPolicyCommand } from './delete-notification-policy.command';

@CommandHandler(DeleteNotificationPolicyCommand)
export class DeleteNotificationPolicyHandler implements ICommandHandler<
  DeleteNotificationPolicyCommand,
  void
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ id }: DeleteNotificationPolicyCommand): Promise<void> {
    const rows = await queryRecords(
      this.dataSource,
      `DELETE FROM notification_policies WHERE id = $1 RETURNING id`,
      [id],
    );
    if (rows.length === 0) throw notFound('Notification policy');
  }
}
