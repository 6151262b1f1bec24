import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { GetKiosksInMaintenanceWindowQuery } from '@app/contracts';
import { MaintenanceWindowRepository } from '../../maintenance/maintenance-window.repository';

/**
 * The kiosks of the list inside a maintenance window now, decided as the alert module decides it
 * everywhere (the same function mutes their alerts).
 */
@QueryHandler(GetKiosksInMaintenanceWindowQuery)
export class GetKiosksInMaintenanceWindowHandler implements IQueryHandler<
  GetKiosksInMaintenanceWindowQuery,
  number[]
> {
  constructor(private readonly windows: MaintenanceWindowRepository) {}

  execute({ kioskIds }: GetKiosksInMaintenanceWindowQuery): Promise<number[]> {
    if (!kioskIds.length) return Promise.resolve([]);
    return this.windows.kiosksInWindowNow(kioskIds);
  }
}
