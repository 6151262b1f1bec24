import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, Page, toPage } from '@app/core';
import { queryRecords } from '@app/database';
import { UUID } from '../../alerts/alert-access';
import { KioskFactsForAlerts } from '../../alerts/kiosk-facts-for-alerts';
import type { MaintenanceWindowDto } from '../../dto/maintenance-window.dto';
import { MaintenanceWindowRow, windowView } from '../../maintenance/maintenance-window-row';
import { ListMaintenanceWindowsQuery } from './list-maintenance-windows.query';

@QueryHandler(ListMaintenanceWindowsQuery)
export class ListMaintenanceWindowsHandler implements IQueryHandler<
  ListMaintenanceWindowsQuery,
  Page<MaintenanceWindowDto>
> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
    const rows = await queryRecords<MaintenanceWindowRow>(
      this.dataSource,
      `SELECT w.* FROM maintenance_windows w
        WHERE ($1::int[] IS NULL
               OR (w.scope_kind = 'kiosk' AND w.scope_value::int = ANY ($1::int[]))
               OR (w.scope_kind = 'tag' AND EXISTS (SELECT 1 FROM kiosk_facts_v k
                                                     WHERE k.id = ANY ($1::int[]) AND w.scope_value = ANY (k.tags))))
          AND (NOT $2 OR (w.starts_at <= now() AND w.ends_at > now()))
          AND ($3::timestamptz IS NULL OR (w.created_at, w.id) < ($3::timestamptz, $4::uuid))
        ORDER BY w.created_at DESC, w.id DESC LIMIT $5`,
      [visible, activeOnly, after?.k ?? null, after?.id ?? null, limit + 1],
    );
    return toPage(rows, limit, windowView, (w) => ({ k: w.created_at.toISOString(), id: w.id }));
  }
}
