import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotificationPolicyDto, NotificationPolicyRow } from '../../dto/notification-policy.dto';
import { CreateNotificationPolicyCommand } from './create-notification-policy.command';

export const POLICY_COLUMNS = 'id, channel, recipients, min_severity, tags, created_at';

@CommandHandler(CreateNotificationPolicyCommand)
export class CreateNotificationPolicyHandler implements ICommandHandler<
  CreateNotificationPolicyCommand,
  NotificationPolicyDto
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ body }: CreateNotificationPolicyCommand): Promise<NotificationPolicyDto> {
    const [row]: NotificationPolicyRow[] = await this.dataSource.query(
      `INSERT INTO notification_policies (channel, recipients, min_severity, tags) VALUES ($1, $2, $3, $4)
       RETURNING ${POLICY_COLUMNS}`,
      [body.channel, body.recipients, body.minSeverity, body.tags?.length ? body.tags : null],
    );
    return NotificationPolicyDto.from(row);
  }
}
