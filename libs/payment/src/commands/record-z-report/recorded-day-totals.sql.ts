import type { DataSource } from 'typeorm';
import type { PaymentMethod } from '@app/contracts';
import { queryRecords } from '@app/database';

export interface RecordedDayTotal {
  currency: string;
  method: PaymentMethod;
  count: number;
  /** Sum of amount_minor, as text (bigint). */
  total: string;
}

/**
 * What the server recorded for the kiosk's business day (its local day in `timezone`): gross sales
 * of payments that did not fail, per currency and method.
 */
export function readRecordedDayTotals(
  dataSource: DataSource,
  kioskId: number,
  businessDate: string,
  timezone: string,
): Promise<RecordedDayTotal[]> {
  return queryRecords<RecordedDayTotal>(
    dataSource,
    `SELECT currency, method, count(*)::int AS count, sum(amount_minor)::text AS total
       FROM payments
      WHERE kiosk_id = $1 AND status <> 'failed'
        AND occurred_at >= ($2::date)::timestamp AT TIME ZONE $3
        AND occurred_at < ($2::date + 1)::timestamp AT TIME ZONE $3
      GROUP BY currency, method ORDER BY currency, method`,
    [kioskId, businessDate, timezone],
  );
}
