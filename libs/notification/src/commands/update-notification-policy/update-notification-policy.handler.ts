import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '@app/core';
import { queryRecords } from '@app/database';
import { NotificationPolicyDto, NotificationPolicyRow } from '../../dto/notification-policy.dto';
import { POLICY_COLUMNS } from '../create-notification-policy/create-notification-policy.handler';
import { UpdateNotificationPolicyCommand } from './update-notification-policy.command';

@CommandHandler(UpdateNotificationPolicyCommand)
export class UpdateNotificationPolicyHandler implements ICommandHandler<
  UpdateNotificationPolicyCommand,
  NotificationPolicyDto
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ id, body }: UpdateNotificationPolicyCommand): Promise<NotificationPolicyDto> {
    // tags: undefined keeps them, null or [] clears them (every kiosk).
    const [row] = await queryRecords<NotificationPolicyRow>(
      this.dataSource,
      `UPDATE notification_policies
          SET recipients = coalesce($2, recipients), min_severity = coalesce($3, min_severity),
              tags = CASE WHEN $4 THEN $5 ELSE tags END, updated_at = now()
        WHERE id = $1 RETURNING ${POLICY_COLUMNS}`,
      [
        id,
        body.recipients ?? null,
        body.minSeverity ?? null,
        body.tags !== undefined,
        body.tags?.length ? body.tags : null,
      ],
    );
    if (!row) throw notFound('Notification policy');
    return NotificationPolicyDto.from(row);
  }
}
