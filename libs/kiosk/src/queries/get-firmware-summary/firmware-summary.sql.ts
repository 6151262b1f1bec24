import type { DataSource } from 'typeorm';
import type { KioskViewer } from '@app/contracts';
import { KioskEntity } from '../../entities/kiosk.entity';
import { restrictToVisible } from '../../services/kiosk-access';

export interface FirmwareCountRow {
  version: string | null;
  semver: boolean;
  count: number;
}

/**
 * The visible live kiosks counted by firmware version: semver versions newest first (by their sort
 * key), then the others by text, then kiosks that never reported one.
 */
export function readFirmwareCounts(db: DataSource, user: KioskViewer): Promise<FirmwareCountRow[]> {
  const qb = db
    .getRepository(KioskEntity)
    .createQueryBuilder('k')
    .select('k.firmware_version', 'version')
    .addSelect('k.firmware_sort_key IS NOT NULL', 'semver')
    .addSelect('count(*)::int', 'count')
    .where('k.decommissioned_at IS NULL')
    .groupBy('k.firmware_version')
    .addGroupBy('k.firmware_sort_key')
    .orderBy('k.firmware_version IS NULL', 'ASC')
    .addOrderBy('k.firmware_sort_key', 'DESC', 'NULLS LAST')
    .addOrderBy('k.firmware_version COLLATE "C"', 'ASC');
  restrictToVisible(qb, user);
  return qb.getRawMany<FirmwareCountRow>();
}
