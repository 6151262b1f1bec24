import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { notFound } from '@app/core';
import { NotificationPolicyDto } from '../../dto/notification-policy.dto';
import { NotificationPolicyRepository } from '../../policies/notification-policy.repository';
import { UpdateNotificationPolicyCommand } from './update-notification-policy.command';

@CommandHandler(UpdateNotificationPolicyCommand)
export class UpdateNotificationPolicyHandler implements ICommandHandler<
  UpdateNotificationPolicyCommand,
  NotificationPolicyDto
> {
  constructor(private readonly policies: NotificationPolicyRepository) {}

  async execute({ id, body }: UpdateNotificationPolicyCommand): Promise<NotificationPolicyDto> {
    const row = await this.policies.update(id, body);
    if (!row) throw notFound('Notification policy');
    return NotificationPolicyDto.from(row);
  }
}
