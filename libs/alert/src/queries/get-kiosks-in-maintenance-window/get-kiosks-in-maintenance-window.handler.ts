import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GetKiosksInMaintenanceWindowQuery } from '@app/contracts';
import { queryRecords } from '@app/database';

/**
 * The kiosks of the list inside a maintenance window now, decided by `alert_kiosk_muted`, the one
 * place the alert module decides it (the same function mutes their alerts).
 */
@QueryHandler(GetKiosksInMaintenanceWindowQuery)
export class GetKiosksInMaintenanceWindowHandler implements IQueryHandler<
  GetKiosksInMaintenanceWindowQuery,
  number[]
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ kioskIds }: GetKiosksInMaintenanceWindowQuery): Promise<number[]> {
    if (!kioskIds.length) return [];
    const rows = await queryRecords<{ id: number }>(
      this.dataSource,
      `SELECT k AS id FROM unnest($1::int[]) AS k WHERE alert_kiosk_muted(k)`,
      [kioskIds],
    );
    return rows.map((r) => r.id);
  }
}
