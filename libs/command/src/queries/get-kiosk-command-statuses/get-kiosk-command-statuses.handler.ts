import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GetKioskCommandStatusesQuery, KioskCommandStatuses } from '@app/contracts';
import { readCommandStatuses } from './kiosk-command-statuses.sql';

/** The statuses (and reasons) of many commands in one read (a rollout catching up after a restart). */
@QueryHandler(GetKioskCommandStatusesQuery)
export class GetKioskCommandStatusesHandler implements IQueryHandler<
  GetKioskCommandStatusesQuery,
  KioskCommandStatuses
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ commandIds }: GetKioskCommandStatusesQuery): Promise<KioskCommandStatuses> {
    if (!commandIds.length) return new Map();
    const rows = await readCommandStatuses(this.dataSource, commandIds);
    return new Map(rows.map((r) => [r.id, { status: r.status, error: r.error }]));
  }
}
