import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CommandStatus, GetKioskCommandStatusesQuery, KioskCommandStatuses } from '@app/contracts';
import { queryRecords } from '@app/database';

/** The statuses of many commands in one read (a rollout catching up after a restart). */
@QueryHandler(GetKioskCommandStatusesQuery)
export class GetKioskCommandStatusesHandler implements IQueryHandler<
  GetKioskCommandStatusesQuery,
  KioskCommandStatuses
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ commandIds }: GetKioskCommandStatusesQuery): Promise<KioskCommandStatuses> {
    if (!commandIds.length) return new Map();
    const rows = await queryRecords<{ id: string; status: CommandStatus }>(
      this.dataSource,
      `SELECT id, status FROM kiosk_commands WHERE id = ANY ($1::uuid[])`,
      [commandIds],
    );
    return new Map(rows.map((r) => [r.id, r.status]));
  }
}
