import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotificationPolicyDto } from '../../dto/notification-policy.dto';
import { insertPolicy } from '../../policies/notification-policy-repository';
import { CreateNotificationPolicyCommand } from './create-notification-policy.command';

@CommandHandler(CreateNotificationPolicyCommand)
export class CreateNotificationPolicyHandler implements ICommandHandler<
  CreateNotificationPolicyCommand,
  NotificationPolicyDto
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ body }: CreateNotificationPolicyCommand): Promise<NotificationPolicyDto> {
    return NotificationPolicyDto.from(await insertPolicy(this.dataSource, body));
  }
}
