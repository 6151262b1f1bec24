import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { NotificationPolicyDto, NotificationPolicyRow } from '../../dto/notification-policy.dto';
import { POLICY_COLUMNS } from '../../commands/create-notification-policy/create-notification-policy.handler';
import { GetNotificationPolicyQuery } from './get-notification-policy.query';

@QueryHandler(GetNotificationPolicyQuery)
export class GetNotificationPolicyHandler implements IQueryHandler<
  GetNotificationPolicyQuery,
  NotificationPolicyDto
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ id }: GetNotificationPolicyQuery): Promise<NotificationPolicyDto> {
    const [row]: NotificationPolicyRow[] = await this.dataSource.query(
      `SELECT ${POLICY_COLUMNS} FROM notification_policies WHERE id = $1`,
      [id],
    );
    if (!row) throw notFound('Notification policy');
    return NotificationPolicyDto.from(row);
  }
}
