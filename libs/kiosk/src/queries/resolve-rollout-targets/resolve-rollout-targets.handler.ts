import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ResolvedRolloutTargets, ResolveRolloutTargetsQuery } from '@app/contracts';
import { queryRecords } from '@app/database';
import { semverSortKey } from '../../services/firmware-version';

/**
 * The kiosks of a rollout's target, with their site: the address when one is registered, otherwise
 * the position rounded to 0.01° (about a kilometre), so kiosks of one site share one key.
 * `firmwareBelow` is the same index range scan as the kiosk list's filter (semver sort keys).
 */
@QueryHandler(ResolveRolloutTargetsQuery)
export class ResolveRolloutTargetsHandler implements IQueryHandler<
  ResolveRolloutTargetsQuery,
  ResolvedRolloutTargets
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ target }: ResolveRolloutTargetsQuery): Promise<ResolvedRolloutTargets> {
    let where: string;
    let param: unknown;
    if (target.kioskIds) {
      where = 'id = ANY ($1::int[])';
      param = target.kioskIds;
    } else if (target.tag !== undefined) {
      where = '$1 = ANY (tags)';
      param = target.tag;
    } else {
      // A version that is not semver has no place in the order: nothing is below it.
      where = 'firmware_sort_key < $1::text COLLATE "C"';
      param = semverSortKey(target.firmwareBelow ?? '') ?? '';
    }
    const rows = await queryRecords<{ id: number; site: string }>(
      this.dataSource,
      `SELECT id, COALESCE(NULLIF(btrim(address), ''),
                           round(lat::numeric, 2)::text || ',' || round(lng::numeric, 2)::text) AS site
         FROM kiosks WHERE ${where} AND decommissioned_at IS NULL ORDER BY id`,
      [param],
    );
    const found = new Set(rows.map((r) => r.id));
    return { kiosks: rows, missing: (target.kioskIds ?? []).filter((id) => !found.has(id)) };
  }
}
