import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';
import type {
  CreateNotificationPolicyDto,
  NotificationPolicyRow,
  UpdateNotificationPolicyDto,
} from '../dto/notification-policy.dto';

export const POLICY_COLUMNS = 'id, channel, recipients, min_severity, tags, created_at';

/** The statements of the notification-policy aggregate (`notification_policies`); the handlers call them. */
@Injectable()
export class NotificationPolicyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(body: CreateNotificationPolicyDto): Promise<NotificationPolicyRow> {
    const [row] = await queryRecords<NotificationPolicyRow>(
      this.dataSource,
      `INSERT INTO notification_policies (channel, recipients, min_severity, tags) VALUES ($1, $2, $3, $4)
     RETURNING ${POLICY_COLUMNS}`,
      [body.channel, body.recipients, body.minSeverity, body.tags?.length ? body.tags : null],
    );
    return row;
  }

  /** Fields left out keep their value; tags: undefined keeps them, null or [] clears them (every kiosk). */
  async update(id: string, body: UpdateNotificationPolicyDto): Promise<NotificationPolicyRow | undefined> {
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
    return row;
  }

  /** False when there was no such policy. */
  async delete(id: string): Promise<boolean> {
    const rows = await queryRecords(
      this.dataSource,
      `DELETE FROM notification_policies WHERE id = $1 RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  async find(id: string): Promise<NotificationPolicyRow | undefined> {
    const [row] = await queryRecords<NotificationPolicyRow>(
      this.dataSource,
      `SELECT ${POLICY_COLUMNS} FROM notification_policies WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** A keyset page in creation order, after `(createdAt, id)` when given. */
  list(after: { createdAt: unknown; id: unknown } | null, limit: number): Promise<NotificationPolicyRow[]> {
    return queryRecords<NotificationPolicyRow>(
      this.dataSource,
      `SELECT ${POLICY_COLUMNS} FROM notification_policies
      WHERE $1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid)
      ORDER BY created_at, id LIMIT $3`,
      [after?.createdAt ?? null, after?.id ?? null, limit],
    );
  }
}
