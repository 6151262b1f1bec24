import type { CreateNotificationPolicyDto } from '../../dto/notification-policy.dto';

export class CreateNotificationPolicyCommand {
  constructor(readonly body: CreateNotificationPolicyDto) {}
}
