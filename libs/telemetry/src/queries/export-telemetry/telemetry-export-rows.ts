import type { StoredTelemetryRow } from '@app/contracts';
import type { TelemetryExportPointDto } from '../../dto/telemetry-export.dto';
import { toTelemetryPoint } from '../telemetry-point';

/** A reading as the export's keyset chunks read it. Times come as epoch microseconds (text). */
export interface TelemetryExportRow extends Omit<StoredTelemetryRow, 'kiosk_id' | 'ts' | 'received_at'> {
  row_id: string;
  ts_us: string;
  received_us: string;
  anomaly_score: number | null;
  extra: Record<string, unknown> | null;
}

// Exact: integer microseconds times a 1 µs interval, as the telemetry query's cursors.
const FROM_MICROS = (param: string) => `('epoch'::timestamptz + ${param}::bigint * interval '1 microsecond')`;
const TO_MICROS = (column: string) => `(extract(epoch FROM ${column}) * 1000000)::bigint::text`;

/**
 * One keyset chunk: the readings of `kioskId` in `[from, to)` after the (ts, id) of the last row
 * sent, in (ts, id) order, every stored column. The plain `ts >=` repeats the row comparison so
 * the index range starts at the key. (The text copy of id must not be named `id`: ORDER BY would
 * sort by that output column, as text.)
 */
export function telemetryExportChunkSql(
  kioskId: number,
  range: { from: Date; to: Date },
  chunkRows: number,
  after?: TelemetryExportRow,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [kioskId, range.from, range.to, chunkRows];
  let keyset = '';
  if (after) {
    params.push(after.ts_us, after.row_id);
    keyset = `AND ts >= ${FROM_MICROS('$5')} AND (ts, id) > (${FROM_MICROS('$5')}, $6::bigint)`;
  }
  const sql = `
    SELECT id::text AS row_id, ${TO_MICROS('ts')} AS ts_us, ${TO_MICROS('received_at')} AS received_us,
           seq::float8 AS seq, temperature, humidity, air_quality, cpu_temp, cpu_usage, ram_usage, disk_usage,
           printer_status, cash_acceptor, card_reader, lat, lng, accuracy, latency, signal_strength,
           anomaly_score, extra
      FROM telemetry
     WHERE kiosk_id = $1 AND ts >= $2 AND ts < $3 ${keyset}
     ORDER BY ts, id
     LIMIT $4`;
  return { sql, params };
}

/**
 * Epoch microseconds as ISO 8601 UTC: milliseconds as `Date#toISOString` writes them (what the
 * telemetry query answers), six decimals only when the stored time has sub-millisecond digits, so
 * nothing stored is rounded away. Floor division: times before 1970 have a negative count.
 */
export function isoFromMicros(micros: string): string {
  const us = BigInt(micros);
  const sub = ((us % 1000n) + 1000n) % 1000n;
  const iso = new Date(Number((us - sub) / 1000n)).toISOString();
  return sub === 0n ? iso : `${iso.slice(0, -1)}${sub.toString().padStart(3, '0')}Z`;
}

const exportTimes = (r: TelemetryExportRow) => ({
  timestamp: isoFromMicros(r.ts_us),
  receivedAt: isoFromMicros(r.received_us),
});

/** The raw telemetry query's item shape (absent peripherals, accuracy and extra omitted), plus the score. */
export function toExportPoint(r: TelemetryExportRow): TelemetryExportPointDto {
  return toTelemetryPoint(r, exportTimes);
}

/**
 * The CSV columns: every field of an export point flattened to a dotted path, in the NDJSON
 * objects' order. `extra` is its JSON text.
 */
export const TELEMETRY_EXPORT_COLUMNS = [
  'timestamp',
  'receivedAt',
  'seq',
  'environmental.temperature',
  'environmental.humidity',
  'environmental.airQuality',
  'hardware.cpuTemp',
  'hardware.cpuUsage',
  'hardware.ramUsage',
  'hardware.diskUsage',
  'peripherals.printerStatus',
  'peripherals.cashAcceptor',
  'peripherals.cardReader',
  'location.lat',
  'location.lng',
  'location.accuracy',
  'network.latency',
  'network.signalStrength',
  'anomalyScore',
  'extra',
] as const;

/** One CSV record, cell by cell in TELEMETRY_EXPORT_COLUMNS order; absent values are undefined (empty cells). */
export function toExportCells(p: TelemetryExportPointDto): Array<string | number | null | undefined> {
  return [
    p.timestamp,
    p.receivedAt,
    p.seq,
    p.environmental.temperature,
    p.environmental.humidity,
    p.environmental.airQuality,
    p.hardware.cpuTemp,
    p.hardware.cpuUsage,
    p.hardware.ramUsage,
    p.hardware.diskUsage,
    p.peripherals.printerStatus,
    p.peripherals.cashAcceptor,
    p.peripherals.cardReader,
    p.location.lat,
    p.location.lng,
    p.location.accuracy,
    p.network.latency,
    p.network.signalStrength,
    p.anomalyScore,
    p.extra === undefined ? undefined : JSON.stringify(p.extra),
  ];
}
