import type { DataSource } from 'typeorm';
import type { RolloutTargetKiosk } from '@app/contracts';
import { queryRecords } from '@app/database';
import { semverSortKey } from '../../services/firmware-version';

/**
 * The live kiosks of a rollout's target, in id order, each with its site: the address when one is
 * registered, otherwise the position rounded to 0.01° (about a kilometre), so kiosks of one site
 * share one key. `firmwareBelow` is the same index range scan as the kiosk list's filter (semver
 * sort keys).
 */
export function readRolloutTargets(
  db: DataSource,
  target: { kioskIds?: number[]; tag?: string; firmwareBelow?: string },
): Promise<RolloutTargetKiosk[]> {
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
  return queryRecords<{ id: number; site: string }>(
    db,
    `SELECT id, COALESCE(NULLIF(btrim(address), ''),
                           round(lat::numeric, 2)::text || ',' || round(lng::numeric, 2)::text) AS site
         FROM kiosks WHERE ${where} AND decommissioned_at IS NULL ORDER BY id`,
    [param],
  );
}
