import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { NotificationPolicyDto } from '../../dto/notification-policy.dto';
import { findPolicy } from '../../policies/notification-policy-repository';
import { GetNotificationPolicyQuery } from './get-notification-policy.query';

@QueryHandler(GetNotificationPolicyQuery)
export class GetNotificationPolicyHandler implements IQueryHandler<
  GetNotificationPolicyQuery,
  NotificationPolicyDto
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ id }: GetNotificationPolicyQuery): Promise<NotificationPolicyDto> {
    const row = await findPolicy(this.dataSource, id);
    if (!row) throw notFound('Notification policy');
    return NotificationPolicyDto.from(row);
  }
}
