import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotificationPolicyDto } from '../../dto/notification-policy.dto';
import { NotificationPolicyRepository } from '../../policies/notification-policy.repository';
import { CreateNotificationPolicyCommand } from './create-notification-policy.command';

@CommandHandler(CreateNotificationPolicyCommand)
export class CreateNotificationPolicyHandler implements ICommandHandler<
  CreateNotificationPolicyCommand,
  NotificationPolicyDto
> {
  constructor(private readonly policies: NotificationPolicyRepository) {}

  async execute({ body }: CreateNotificationPolicyCommand): Promise<NotificationPolicyDto> {
    return NotificationPolicyDto.from(await this.policies.insert(body));
  }
}
