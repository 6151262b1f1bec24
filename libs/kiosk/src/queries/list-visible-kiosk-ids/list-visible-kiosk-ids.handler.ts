import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ListVisibleKioskIdsQuery } from '@app/contracts';
import { readVisibleKioskIds } from './visible-kiosk-ids.sql';

/** Which kiosk rooms of the admin feed a user's socket joins. Decommissioned kiosks stay visible. */
@QueryHandler(ListVisibleKioskIdsQuery)
export class ListVisibleKioskIdsHandler implements IQueryHandler<ListVisibleKioskIdsQuery, number[]> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ user }: ListVisibleKioskIdsQuery): Promise<number[]> {
    return readVisibleKioskIds(this.dataSource, user);
  }
}
