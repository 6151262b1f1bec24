import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { decodeCursor, Page, toPage } from '@app/core';
import { NotificationPolicyDto } from '../../dto/notification-policy.dto';
import { NotificationPolicyRepository } from '../../policies/notification-policy.repository';
import { ListNotificationPoliciesQuery } from './list-notification-policies.query';

@QueryHandler(ListNotificationPoliciesQuery)
export class ListNotificationPoliciesHandler implements IQueryHandler<
  ListNotificationPoliciesQuery,
  Page<NotificationPolicyDto>
> {
  constructor(private readonly policies: NotificationPolicyRepository) {}

  async execute({ limit, cursor }: ListNotificationPoliciesQuery): Promise<Page<NotificationPolicyDto>> {
    const after = decodeCursor(cursor);
    const rows = await this.policies.list(after ? { createdAt: after.k, id: after.id } : null, limit + 1);
    return toPage(rows, limit, NotificationPolicyDto.from, (r) => ({
      k: r.created_at.toISOString(),
      id: r.id,
    }));
  }
}
