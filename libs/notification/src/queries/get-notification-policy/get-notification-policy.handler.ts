import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '@app/core';
import { NotificationPolicyDto } from '../../dto/notification-policy.dto';
import { NotificationPolicyRepository } from '../../policies/notification-policy.repository';
import { GetNotificationPolicyQuery } from './get-notification-policy.query';

@QueryHandler(GetNotificationPolicyQuery)
export class GetNotificationPolicyHandler implements IQueryHandler<
  GetNotificationPolicyQuery,
  NotificationPolicyDto
> {
  constructor(private readonly policies: NotificationPolicyRepository) {}

  async execute({ id }: GetNotificationPolicyQuery): Promise<NotificationPolicyDto> {
    const row = await this.policies.find(id);
    if (!row) throw notFound('Notification policy');
    return NotificationPolicyDto.from(row);
  }
}
