import type { UpdateNotificationPolicyDto } from '../../dto/notification-policy.dto';

export class UpdateNotificationPolicyCommand {
  constructor(
    readonly id: string,
    readonly body: UpdateNotificationPolicyDto,
  ) {}
}
