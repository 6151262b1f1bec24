import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { notFound } from '@app/core';
import { NotificationPolicyRepository } from '../../policies/notification-policy.repository';
import { DeleteNotificationPolicyCommand } from './delete-notification-policy.command';

@CommandHandler(DeleteNotificationPolicyCommand)
export class DeleteNotificationPolicyHandler implements ICommandHandler<
  DeleteNotificationPolicyCommand,
  void
> {
  constructor(private readonly policies: NotificationPolicyRepository) {}

  async execute({ id }: DeleteNotificationPolicyCommand): Promise<void> {
    if (!(await this.policies.delete(id))) throw notFound('Notification policy');
  }
}
