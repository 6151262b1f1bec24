import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ResolvedKioskTargets, ResolveKioskTargetsQuery, Role } from '@app/core';

@QueryHandler(ResolveKioskTargetsQuery)
export class ResolveKioskTargetsHandler implements IQueryHandler<
  ResolveKioskTargetsQuery,
  ResolvedKioskTargets
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ user, target }: ResolveKioskTargetsQuery): Promise<ResolvedKioskTargets> {
    const params: unknown[] = [user.role === Role.Admin, user.id];
    let where: string;
    if (target.kioskIds) {
      params.push(target.kioskIds);
      where = 'id = ANY($3::int[])';
    } else {
      params.push(target.tag ?? '');
      where = '$3 = ANY(tags)';
    }
    const rows: Array<{ id: number }> = await this.dataSource.query(
      `SELECT id FROM kiosks
        WHERE ${where} AND decommissioned_at IS NULL AND ($1 OR assigned_to = $2)
        ORDER BY id`,
      params,
    );
    const kioskIds = rows.map((r) => r.id);
    const found = new Set(kioskIds);
    return { kioskIds, missing: (target.kioskIds ?? []).filter((id) => !found.has(id)) };
  }
}
