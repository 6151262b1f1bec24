import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { decodeCursor, Page, toPage } from '@app/core';
import { UUID } from '../../alerts/alert-access';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import type { MaintenanceWindowDto } from '../../dto/maintenance-window.dto';
import { windowView } from '../../maintenance/maintenance-window-row';
import { MaintenanceWindowRepository } from '../../maintenance/maintenance-window.repository';
import { ListMaintenanceWindowsQuery } from './list-maintenance-windows.query';

@QueryHandler(ListMaintenanceWindowsQuery)
export class ListMaintenanceWindowsHandler implements IQueryHandler<
  ListMaintenanceWindowsQuery,
  Page<MaintenanceWindowDto>
> {
  constructor(
    private readonly windows: MaintenanceWindowRepository,
    private readonly kiosks: KioskFactsForAlerts,
  ) {}

  async execute({
    user,
    activeOnly,
    limit,
    cursor,
  }: ListMaintenanceWindowsQuery): Promise<Page<MaintenanceWindowDto>> {
    const after = decodeCursor(cursor);
    if (after && (typeof after.id !== 'string' || !UUID.test(after.id)))
      return { items: [], nextCursor: null };
    const visible = await this.kiosks.visibleKioskIds(user);
    const rows = await this.windows.list({
      visible,
      activeOnly,
      before: after ? { createdAt: after.k, id: after.id } : null,
      limit: limit + 1,
    });
    return toPage(rows, limit, windowView, (w) => ({ k: w.created_at.toISOString(), id: w.id }));
  }
}
