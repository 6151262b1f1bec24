import type { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';
import { READING_COLUMNS, StoredReadingRow } from '../../evaluation/stored-readings';

export type BacktestRow = StoredReadingRow & { ts_key: string; row_id: string };
/** Where the previous page ended: (kiosk, ts as text, row id as text). */
export type BacktestKey = [number, string, string];
export const FIRST_KEY: BacktestKey = [0, '-infinity', '0'];

/**
 * One keyset page of the stored readings in [from, to) of the kiosks in the rule's scope, in
 * (kiosk, ts, id) order, from the telemetry and kiosk modules' read models.
 */
export function readBacktestPage(
  db: DataSource,
  q: { from: Date; to: Date; scopeKind: string; scopeValue: string | null; after: BacktestKey; rows: number },
): Promise<BacktestRow[]> {
  return queryRecords<BacktestRow>(
    db,
    `SELECT ${READING_COLUMNS}, t.ts::text AS ts_key, t.id::text AS row_id
       FROM telemetry_readings_v t JOIN kiosk_facts_v k ON k.id = t.kiosk_id
      WHERE t.ts >= $1 AND t.ts < $2
        AND ($3 = 'all' OR ($3 = 'tag' AND $4 = ANY (k.tags)) OR ($3 = 'kiosk' AND k.id::text = $4))
        AND (t.kiosk_id, t.ts, t.id) > ($5::int, $6::timestamptz, $7::bigint)
      ORDER BY t.kiosk_id, t.ts, t.id
      LIMIT ${q.rows}`,
    [q.from, q.to, q.scopeKind, q.scopeValue, ...q.after],
  );
}
