import type { TelemetryBucket } from './telemetry-bucket';
import { BUCKET_WIDTH, TelemetryWindow } from './telemetry-window';

/** The numeric fields aggregated per bucket: response name → column. */
export const AGGREGATED_FIELDS = [
  ['temperature', 'temperature'],
  ['humidity', 'humidity'],
  ['airQuality', 'air_quality'],
  ['cpuTemp', 'cpu_temp'],
  ['cpuUsage', 'cpu_usage'],
  ['ramUsage', 'ram_usage'],
  ['diskUsage', 'disk_usage'],
  ['latency', 'latency'],
  ['signalStrength', 'signal_strength'],
] as const;
export type AggregatedField = (typeof AGGREGATED_FIELDS)[number][0];

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

// Exact: integer microseconds times a 1 µs interval (no float rounding at today's magnitudes).
const FROM_MICROS = (param: string) => `('epoch'::timestamptz + ${param}::bigint * interval '1 microsecond')`;
const TO_MICROS = (column: string) => `(extract(epoch FROM ${column}) * 1000000)::bigint::text`;

/**
 * Readings in (ts, id) order; `id` breaks ties between readings that share a timestamp. (The text
 * copy of id must not be named `id`: ORDER BY would sort by that output column, as text.)
 */
export function rawTelemetrySql(kioskId: number, w: TelemetryWindow): SqlStatement {
  const params: unknown[] = [kioskId, w.from, w.to, w.limit + 1];
  let after = '';
  if (w.after) {
    params.push(w.after.tsMicros, w.after.id);
    // The plain `ts >=` repeats the row comparison so the index range starts at the cursor.
    after = `AND ts >= ${FROM_MICROS('$5')} AND (ts, id) > (${FROM_MICROS('$5')}, $6::bigint)`;
  }
  const sql = `
    SELECT id::text AS row_id, ${TO_MICROS('ts')} AS ts_us, ts, received_at, seq::float8 AS seq,
           temperature, humidity, air_quality, cpu_temp, cpu_usage, ram_usage, disk_usage,
           printer_status, cash_acceptor, card_reader, lat, lng, accuracy, latency, signal_strength, extra
      FROM telemetry
     WHERE kiosk_id = $1 AND ts >= $2 AND ts < $3 ${after}
     ORDER BY ts, id
     LIMIT $4`;
  return { sql, params };
}

/**
 * avg/min/max per fixed UTC bucket, computed in SQL. date_bin with a fixed origin gives the same
 * bucket edges whatever the session time zone. Buckets are paged too: the cursor is where the next
 * one starts.
 */
export function bucketTelemetrySql(
  kioskId: number,
  bucket: Exclude<TelemetryBucket, 'raw'>,
  w: TelemetryWindow,
): SqlStatement {
  const params: unknown[] = [kioskId, w.from, w.to, w.limit + 1, BUCKET_WIDTH[bucket].sql];
  let after = '';
  if (w.after) {
    params.push(w.after.tsMicros);
    after = `AND ts >= ${FROM_MICROS('$6')}`;
  }
  const aggregates = AGGREGATED_FIELDS.map(
    ([name, column]) =>
      `avg(${column}) AS "${name}_avg", min(${column}) AS "${name}_min", max(${column}) AS "${name}_max"`,
  ).join(',\n           ');
  const sql = `
    SELECT ${TO_MICROS('b')} AS bucket_us, b AS bucket_start, count(*)::int AS count,
           ${aggregates}
      FROM (SELECT date_bin($5::interval, ts, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS b, *
              FROM telemetry
             WHERE kiosk_id = $1 AND ts >= $2 AND ts < $3 ${after}) t
     GROUP BY b
     ORDER BY b
     LIMIT $4`;
  return { sql, params };
}
