import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GetKiosksInMaintenanceWindowQuery } from '@app/contracts';
import { kiosksInWindowNow } from '../../maintenance/maintenance-window-repository';

/**
 * The kiosks of the list inside a maintenance window now, decided as the alert module decides it
 * everywhere (the same function mutes their alerts).
 */
@QueryHandler(GetKiosksInMaintenanceWindowQuery)
export class GetKiosksInMaintenanceWindowHandler implements IQueryHandler<
  GetKiosksInMaintenanceWindowQuery,
  number[]
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ kioskIds }: GetKiosksInMaintenanceWindowQuery): Promise<number[]> {
    if (!kioskIds.length) return Promise.resolve([]);
    return kiosksInWindowNow(this.dataSource, kioskIds);
  }
}
