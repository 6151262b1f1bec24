import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { deletePolicy } from '../../policies/notification-policy-repository';
import { DeleteNotificationPolicyCommand } from './delete-notification-policy.command';

@CommandHandler(DeleteNotificationPolicyCommand)
export class DeleteNotificationPolicyHandler implements ICommandHandler<
  DeleteNotificationPolicyCommand,
  void
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ id }: DeleteNotificationPolicyCommand): Promise<void> {
    if (!(await deletePolicy(this.dataSource, id))) throw notFound('Notification policy');
  }
}
