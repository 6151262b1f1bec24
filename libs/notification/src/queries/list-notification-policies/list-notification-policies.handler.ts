import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, Page, toPage } from '@app/core';
import { NotificationPolicyDto, NotificationPolicyRow } from '../../dto/notification-policy.dto';
import { POLICY_COLUMNS } from '../../commands/create-notification-policy/create-notification-policy.handler';
import { ListNotificationPoliciesQuery } from './list-notification-policies.query';

@QueryHandler(ListNotificationPoliciesQuery)
export class ListNotificationPoliciesHandler implements IQueryHandler<
  ListNotificationPoliciesQuery,
  Page<NotificationPolicyDto>
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ limit, cursor }: ListNotificationPoliciesQuery): Promise<Page<NotificationPolicyDto>> {
    const after = decodeCursor(cursor);
    const rows: NotificationPolicyRow[] = await this.dataSource.query(
      `SELECT ${POLICY_COLUMNS} FROM notification_policies
        WHERE $1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid)
        ORDER BY created_at, id LIMIT $3`,
      [after?.k ?? null, after?.id ?? null, limit + 1],
    );
    return toPage(rows, limit, NotificationPolicyDto.from, (r) => ({
      k: r.created_at.toISOString(),
      id: r.id,
    }));
  }
}
