import type { DataSource } from 'typeorm';
import type { DailyNetSales } from '@app/contracts';
import { queryRecords } from '@app/database';

/** One indexed range read of payment_daily_totals (kiosk, day), summed per day and currency. */
export async function readDailyNetSales(
  dataSource: DataSource,
  kioskId: number,
  fromDay: string,
  toDay: string,
): Promise<DailyNetSales[]> {
  return queryRecords<DailyNetSales>(
    dataSource,
    `SELECT day::text AS day, currency, sum(total_minor - refunded_minor)::text AS "netMinor"
       FROM payment_daily_totals
      WHERE kiosk_id = $1 AND day >= $2::date AND day < $3::date
      GROUP BY day, currency`,
    [kioskId, fromDay, toDay],
  );
}
