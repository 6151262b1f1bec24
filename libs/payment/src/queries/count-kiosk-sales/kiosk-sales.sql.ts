import type { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';

/** Payments not failed of the kiosks, occurred in [from, to). */
export async function countKioskSales(
  dataSource: DataSource,
  kioskIds: readonly number[],
  from: Date,
  to: Date,
): Promise<number> {
  const [row] = await queryRecords<{ n: number }>(
    dataSource,
    `SELECT count(*)::int AS n FROM payments
      WHERE kiosk_id = ANY ($1::int[]) AND status <> 'failed' AND occurred_at >= $2 AND occurred_at < $3`,
    [kioskIds, from, to],
  );
  return row.n;
}
