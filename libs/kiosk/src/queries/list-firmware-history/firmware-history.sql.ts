import type { DataSource } from 'typeorm';
import { KioskFirmwareHistoryEntity } from '../../entities/kiosk-firmware-history.entity';

/**
 * A kiosk's firmware versions newest first, `rows` at most; keyset on (first_reported_at, id),
 * both exact to the millisecond in the column, after `(k, id)` when given (checked by the caller).
 */
export function readFirmwareHistoryPage(
  db: DataSource,
  kioskId: number,
  after: { k: string; id: string } | null,
  rows: number,
): Promise<KioskFirmwareHistoryEntity[]> {
  const qb = db
    .getRepository(KioskFirmwareHistoryEntity)
    .createQueryBuilder('h')
    .where('h.kiosk_id = :kioskId', { kioskId })
    .orderBy('h.first_reported_at', 'DESC')
    .addOrderBy('h.id', 'DESC')
    .limit(rows);
  if (after) qb.andWhere('(h.first_reported_at, h.id) < (:k::timestamptz, :id::bigint)', after);
  return qb.getMany();
}
