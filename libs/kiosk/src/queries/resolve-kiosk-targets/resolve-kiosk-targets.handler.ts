import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ResolvedKioskTargets, ResolveKioskTargetsQuery, Role } from '@app/contracts';

@QueryHandler(ResolveKioskTargetsQuery)
export class ResolveKioskTargetsHandler implements IQueryHandler<
  ResolveKioskTargetsQuery,
  ResolvedKioskTargets
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ user, target }: ResolveKioskTargetsQuery): Promise<ResolvedKioskTargets> {
    // Visibility as in kiosk-access: admins all, an API key by its tags, others by assignment.
    const params: unknown[] = [
      user.role === Role.Admin,
      user.kioskTags ? null : user.id,
      user.kioskTags ? [...user.kioskTags] : null,
    ];
    let where: string;
    if (target.kioskIds) {
      params.push(target.kioskIds);
      where = 'id = ANY($4::int[])';
    } else {
      params.push(target.tag ?? '');
      where = '$4 = ANY(tags)';
    }
    const rows: Array<{ id: number }> = await this.dataSource.query(
      `SELECT id FROM kiosks
        WHERE ${where} AND decommissioned_at IS NULL
          AND ($1 OR assigned_to = $2::uuid OR tags && $3::text[])
        ORDER BY id`,
      params,
    );
    const kioskIds = rows.map((r) => r.id);
    const found = new Set(kioskIds);
    return { kioskIds, missing: (target.kioskIds ?? []).filter((id) => !found.has(id)) };
  }
}
