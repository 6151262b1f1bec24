import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { NotificationPolicyDto } from '../../dto/notification-policy.dto';
import { updatePolicy } from '../../policies/notification-policy-repository';
import { UpdateNotificationPolicyCommand } from './update-notification-policy.command';

@CommandHandler(UpdateNotificationPolicyCommand)
export class UpdateNotificationPolicyHandler implements ICommandHandler<
  UpdateNotificationPolicyCommand,
  NotificationPolicyDto
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ id, body }: UpdateNotificationPolicyCommand): Promise<NotificationPolicyDto> {
    const row = await updatePolicy(this.dataSource, id, body);
    if (!row) throw notFound('Notification policy');
    return NotificationPolicyDto.from(row);
  }
}
