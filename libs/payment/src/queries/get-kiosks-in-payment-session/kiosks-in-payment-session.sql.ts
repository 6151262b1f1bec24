import type { DataSource } from 'typeorm';
import { pgPool } from '@app/database';

/** Of these kiosks, the ones whose last report said a payment session is open. */
export async function readKiosksInPaymentSession(
  dataSource: DataSource,
  kioskIds: readonly number[],
): Promise<number[]> {
  const { rows } = await pgPool(dataSource).query<{ kiosk_id: number }>(
    `SELECT kiosk_id FROM kiosk_payment_sessions WHERE kiosk_id = ANY($1::int[]) AND active`,
    [kioskIds],
  );
  return rows.map((r) => r.kiosk_id);
}
