import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import type { TelemetryReading } from '@app/core';
import {
  numberArrayLiteral,
  PgBinaryCopyWriter,
  pgPool,
  textArrayLiteral,
  timestampArrayLiteral,
} from '@app/database';

/** Where batches go. The writer's policy (batching, retries, backpressure) does not depend on SQL. */
export abstract class TelemetrySink {
  /**
   * Stores the readings in one transaction, none of which share (kiosk, seq, timestamp). Answers,
   * per reading and in order, whether it was stored (false: that reading had been stored before).
   */
  abstract insert(readings: readonly TelemetryReading[]): Promise<boolean[]>;
}

/** A reading the database (or its serialisation) refuses: retrying it would fail forever. */
export class InvalidReadingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidReadingError';
  }
}

/**
 * SQLSTATE classes 22 (data exception) and 23 (integrity constraint) belong to the rows, not to
 * the database's health: such a batch is split instead of retried. Everything else (connection
 * refused or reset, admin shutdown, too many connections, …) is treated as an outage.
 */
export function isInvalidReadingError(e: unknown): boolean {
  if (e instanceof InvalidReadingError) return true;
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23)[0-9A-Z]{3}$/.test(code);
}

const COLUMNS = `kiosk_id, ts, received_at, seq, temperature, humidity, air_quality, cpu_temp, cpu_usage,
  ram_usage, disk_usage, printer_status, cash_acceptor, card_reader, lat, lng, accuracy, latency,
  signal_strength, extra, anomaly_score`;

/*
 * One statement, one round trip. It answers a single row: the 1-based positions of the readings
 * skipped as duplicates (NULL when none). Working that out in SQL spares the client a RETURNING
 * row per reading to transfer and parse, about a fifth of the batch's cost.
 */
const INSERT_SQL = `
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

function batchParams(rs: readonly TelemetryReading[]): string[] {
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

const COPY_SQL = `COPY telemetry (${COLUMNS}) FROM STDIN (FORMAT binary)`;
const COLUMN_COUNT = COLUMNS.split(',').length;
const UNIQUE_VIOLATION = '23505';
/** After a batch held a resent reading, the next ones of that burst go straight to the INSERT. */
const INSERT_AFTER_DUPLICATE_MS = 2_000;
/** A row is ~190 bytes without `extra`: one buffer for the batch, rarely grown. */
const ROW_BYTES_GUESS = 256;

/** The COPY payload of a batch, fields in COLUMNS order and in the columns' own types. */
function copyPayload(readings: readonly TelemetryReading[]): Buffer {
  const w = new PgBinaryCopyWriter(readings.length * ROW_BYTES_GUESS);
  for (const r of readings) {
    w.row(COLUMN_COUNT)
      .int4(r.kioskId)
      .timestamptz(r.timestamp)
      .timestamptz(r.receivedAt)
      .int8(r.seq)
      .float4(r.environmental.temperature)
      .float4(r.environmental.humidity)
      .float4(r.environmental.airQuality)
      .float4(r.hardware.cpuTemp)
      .float4(r.hardware.cpuUsage)
      .float4(r.hardware.ramUsage)
      .float4(r.hardware.diskUsage)
      .text(r.peripherals.printerStatus)
      .text(r.peripherals.cashAcceptor)
      .text(r.peripherals.cardReader)
      .float8(r.location.lat)
      .float8(r.location.lng)
      .float4(r.location.accuracy)
      .float4(r.network.latency)
      .float4(r.network.signalStrength)
      .jsonb(r.extra ? JSON.stringify(r.extra) : null)
      .float4(r.anomalyScore);
  }
  return w.finish();
}

/**
 * A batch is COPYed, in binary: for PostgreSQL the cheapest way in, about twice the rows per second of the
 * `unnest` INSERT, which has to find the duplicates (RETURNING, then an anti-join). Duplicates are
 * rare (a kiosk resending what it never saw acknowledged, after a reconnect), and the unique index
 * refuses them: then the COPY rolls back as a whole and the batch goes through the INSERT, which
 * skips them and says which. The batches right after take the INSERT directly, as resends come in
 * bursts.
 */
@Injectable()
export class PostgresTelemetrySink extends TelemetrySink {
  private insertUntil = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async insert(readings: readonly TelemetryReading[]): Promise<boolean[]> {
    if (performance.now() >= this.insertUntil) {
      try {
        await this.copy(readings);
        return readings.map(() => true);
      } catch (e) {
        if ((e as { code?: unknown }).code !== UNIQUE_VIOLATION) throw e;
        this.insertUntil = performance.now() + INSERT_AFTER_DUPLICATE_MS;
      }
    }
    return this.insertSkippingDuplicates(readings);
  }

  private async copy(readings: readonly TelemetryReading[]): Promise<void> {
    let payload: Buffer;
    try {
      payload = copyPayload(readings);
    } catch (e) {
      throw new InvalidReadingError(e instanceof Error ? e.message : String(e));
    }
    const client = await pgPool(this.dataSource).connect();
    let broken: Error | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        const stream = client.query(copyFrom(COPY_SQL));
        stream.on('error', reject);
        stream.on('finish', resolve);
        stream.end(payload);
      });
    } catch (e) {
      // A refused row leaves the connection usable; anything else may not have.
      if (!isInvalidReadingError(e)) broken = e instanceof Error ? e : new Error(String(e));
      throw e;
    } finally {
      client.release(broken);
    }
  }

  private async insertSkippingDuplicates(readings: readonly TelemetryReading[]): Promise<boolean[]> {
    let params: string[];
    try {
      params = batchParams(readings);
    } catch (e) {
      // e.g. an `extra` that JSON cannot represent (a BigInt, a cycle)
      throw new InvalidReadingError(e instanceof Error ? e.message : String(e));
    }
    const { rows } = await pgPool(this.dataSource).query<{ skipped: number[] | null }>(INSERT_SQL, params);
    const row = rows[0];
    const stored = readings.map(() => true);
    for (const position of row?.skipped ?? []) stored[position - 1] = false;
    return stored;
  }
}
