import type { TelemetryReading } from '@app/contracts';
import { numberArrayLiteral, textArrayLiteral, timestampArrayLiteral } from '@app/database';
import { TELEMETRY_COLUMNS as COLUMNS } from './telemetry-copy-rows';

/*
 * One statement, one round trip. It answers a single row: the 1-based positions of the readings
 * skipped as duplicates (NULL when none). Working that out in SQL spares the client a RETURNING
 * row per reading to transfer and parse, about a fifth of the batch's cost.
 */
export const INSERT_SKIPPING_DUPLICATES_SQL = `
  WITH batch AS (
    SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::timestamptz[], $4::bigint[], $5::real[],
                         $6::real[], $7::real[], $8::real[], $9::real[], $10::real[], $11::real[],
                         $12::text[], $13::text[], $14::text[], $15::float8[], $16::float8[], $17::real[],
                         $18::real[], $19::real[], $20::jsonb[], $21::real[]) WITH ORDINALITY AS b(${COLUMNS}, ord)
  ), inserted AS (
    INSERT INTO telemetry (${COLUMNS}) SELECT ${COLUMNS} FROM batch
    ON CONFLICT DO NOTHING
    RETURNING kiosk_id, seq, ts
  )
  SELECT array_agg(b.ord::int) AS skipped
    FROM batch b
   WHERE b.seq IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM inserted i WHERE i.kiosk_id = b.kiosk_id AND i.seq = b.seq AND i.ts = b.ts)`;

export function insertParams(rs: readonly TelemetryReading[]): string[] {
  return [
    numberArrayLiteral(rs, (r) => r.kioskId),
    timestampArrayLiteral(rs, (r) => r.timestamp),
    timestampArrayLiteral(rs, (r) => r.receivedAt),
    numberArrayLiteral(rs, (r) => r.seq),
    numberArrayLiteral(rs, (r) => r.environmental.temperature),
    numberArrayLiteral(rs, (r) => r.environmental.humidity),
    numberArrayLiteral(rs, (r) => r.environmental.airQuality),
    numberArrayLiteral(rs, (r) => r.hardware.cpuTemp),
    numberArrayLiteral(rs, (r) => r.hardware.cpuUsage),
    numberArrayLiteral(rs, (r) => r.hardware.ramUsage),
    numberArrayLiteral(rs, (r) => r.hardware.diskUsage),
    textArrayLiteral(rs, (r) => r.peripherals.printerStatus),
    textArrayLiteral(rs, (r) => r.peripherals.cashAcceptor),
    textArrayLiteral(rs, (r) => r.peripherals.cardReader),
    numberArrayLiteral(rs, (r) => r.location.lat),
    numberArrayLiteral(rs, (r) => r.location.lng),
    numberArrayLiteral(rs, (r) => r.location.accuracy),
    numberArrayLiteral(rs, (r) => r.network.latency),
    numberArrayLiteral(rs, (r) => r.network.signalStrength),
    textArrayLiteral(rs, (r) => (r.extra ? JSON.stringify(r.extra) : null)),
    numberArrayLiteral(rs, (r) => r.anomalyScore),
  ];
}

/**
 * The 1-based positions of the given readings that the table already holds (a resend of a reading
 * stored before). One index probe each, on the unique (kiosk_id, ts, seq) B-tree of the one partition
 * the reading's ts prunes to. LATERAL … LIMIT 1 keeps it that way: as an EXISTS, the planner may pick
 * a hash semi-join and read whole partitions (measured: 236 ms instead of 4 ms on 36,000 rows).
 */
export const STORED_BEFORE_SQL = `
  SELECT array_agg(b.ord::int) AS found
    FROM unnest($1::int[], $2::timestamptz[], $3::bigint[]) WITH ORDINALITY AS b(kiosk_id, ts, seq, ord)
   CROSS JOIN LATERAL (
     SELECT 1 FROM telemetry t WHERE t.kiosk_id = b.kiosk_id AND t.ts = b.ts AND t.seq = b.seq LIMIT 1
   ) stored`;

export function storedBeforeParams(rs: readonly TelemetryReading[]): string[] {
  return [
    numberArrayLiteral(rs, (r) => r.kioskId),
    timestampArrayLiteral(rs, (r) => r.timestamp),
    numberArrayLiteral(rs, (r) => r.seq),
  ];
}
