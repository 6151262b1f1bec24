import type { IncomingMessage } from 'node:http';
import { QueryBus } from '@nestjs/cqrs';
import type { DataSource } from 'typeorm';
import type { TelemetryReading } from '@app/contracts';
import {
  GetTelemetryQuery,
  TelemetryBatchWriter,
  TelemetryPointDto,
  TelemetryRawPageDto,
} from '@app/telemetry';
import type { RegisteredKiosk } from './kiosks';
import { telemetryReading } from './telemetry-fixtures';
import { API, TestApp } from './test-app';

/** Fixtures of the telemetry export e2e: the readings it stores and what their export must hold. */

export const HEADER = [
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
];
const NUMERIC = new Set(HEADER.filter((c) => !/^(timestamp|receivedAt|peripherals\.|extra)/.test(c)));

/** Readings of the content kiosk written through the telemetry writer, one a second from BASE. */
export const WRITTEN = 3000;
export const BASE = Date.parse('2026-11-20T00:00:00.000Z');
/** Two readings sharing one microsecond timestamp, placed so that they straddle the first keyset chunk (1,000). */
export const TIE_TS = '2026-11-20T00:16:38.500123Z'; // between the writer's readings 998 and 999
export const FORMULA = '=HYPERLINK("http://evil.example","click")';
/** Readings of the bulk kiosk: its CSV (~13 MB) is far more than the socket buffers hold. */
export const BULK_ROWS = 60_000;

export const iso = (ms: number) => new Date(ms).toISOString();

export const exportPath = (k: RegisteredKiosk, params: Record<string, string> = {}) =>
  `${API}/kiosks/${k.id}/telemetry/export${Object.keys(params).length ? `?${new URLSearchParams(params).toString()}` : ''}`;

/** Supertest parser: the body as text, whatever the content type (superagent hands it the IncomingMessage). */
function asText(response: unknown, done: (err: Error | null, body: unknown) => void): void {
  const res = response as IncomingMessage;
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (c: string) => (body += c));
  res.on('end', () => done(null, body));
}

/** A whole export, its body as text. */
export const download = (t: TestApp, path: string, auth: Record<string, string>) =>
  t.http().get(path).set(auth).buffer(true).parse(asText);

/** The writer's reading i: every field varies with i, some peripherals, accuracy, seq, score and extra absent. */
export function written(kioskId: number, i: number): TelemetryReading {
  const timestamp = new Date(BASE + i * 1000 + (i % 7));
  return telemetryReading({
    kioskId,
    timestamp,
    receivedAt: new Date(timestamp.getTime() + 40 + (i % 13)),
    seq: i % 11 === 0 ? null : 100_000 + i,
    environmental: { temperature: -40 + (i % 1250) / 10, humidity: (i % 1000) / 10, airQuality: i % 500 },
    hardware: {
      cpuTemp: 20 + (i % 90),
      cpuUsage: (i % 1001) / 10,
      ramUsage: 50.5,
      diskUsage: (i % 100) + 0.25,
    },
    peripherals:
      i % 3 === 0
        ? { printerStatus: 'ready', cashAcceptor: 'full', cardReader: 'error' }
        : i % 3 === 1
          ? { printerStatus: 'paper_jam' }
          : {},
    location: i % 2 === 0 ? { lat: -34.6037, lng: -58.3816, accuracy: 4.5 } : { lat: 10.5, lng: -20.25 },
    network: { latency: 80.5 + (i % 20), signalStrength: -61 - (i % 50) },
    extra: i % 5 === 0 ? { n: i, note: i % 10 === 0 ? FORMULA : 'a, "quoted"\nline' } : null,
    ...(i % 4 === 0 && { anomalyScore: (i % 1000) / 1000 }),
  });
}

/** Writes the WRITTEN readings of `kioskId` through the telemetry writer, 500 at a time; whether each was stored. */
export async function writeReadings(writer: TelemetryBatchWriter, kioskId: number): Promise<boolean[]> {
  const stored: boolean[] = [];
  for (let start = 0; start < WRITTEN; start += 500) {
    const results = await Promise.all(
      Array.from({ length: Math.min(500, WRITTEN - start) }, (_, j) =>
        writer.write(written(kioskId, start + j)),
      ),
    );
    stored.push(...results.map((r) => r.stored));
  }
  return stored;
}

/**
 * Rows only SQL can make: one microsecond timestamp shared by two readings (id breaks the tie),
 * a formula in a text column, and an `extra` that is a bare JSON string starting with `=`.
 */
export async function insertTiedFormulaRows(db: DataSource, kioskId: number): Promise<void> {
  await db.query(
    `INSERT INTO telemetry (kiosk_id, ts, received_at, seq, temperature, humidity, air_quality, cpu_temp,
                            cpu_usage, ram_usage, disk_usage, printer_status, cash_acceptor, card_reader,
                            lat, lng, accuracy, latency, signal_strength, extra, anomaly_score)
     VALUES ($1, $2, '2026-11-20T00:16:38.600001Z', 7, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, $3, NULL, NULL,
             1.25, -1.25, NULL, 9.5, -10.5, '"=2+3"', -0.5),
            ($1, $2, '2026-11-20T00:16:38.600002Z', 8, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, '+SUM(A1)', '-1+1',
             '@cmd', 1.25, -1.25, 0, 9.5, -10.5, '{"k": "\\t=x"}', NULL)`,
    [kioskId, TIE_TS, FORMULA],
  );
}

/** The range edges, a microsecond either side of them; and two readings of the last hours. */
export async function insertRangeEdgeRows(db: DataSource, kioskId: number): Promise<void> {
  await db.query(
    `INSERT INTO telemetry (kiosk_id, ts, received_at, seq, temperature, humidity, air_quality, cpu_temp,
                            cpu_usage, ram_usage, disk_usage, lat, lng, latency, signal_strength)
     SELECT $1, ts::timestamptz, ts::timestamptz, n, 20, 50, 10, 40, 10, 10, 10, 0, 0, 10, -50
       FROM unnest($2::text[]) WITH ORDINALITY AS e(ts, n)`,
    [
      kioskId,
      [
        '2026-11-09T23:59:59.999999Z',
        '2026-11-10T00:00:00Z',
        '2026-11-10T23:59:59.999999Z',
        '2026-11-11T00:00:00Z',
        iso(Date.now() - 2 * 3_600_000),
        iso(Date.now() - 30 * 60_000),
      ],
    ],
  );
}

/** BULK_ROWS readings, one a second from 2026-11-01T00:00:01Z, seq 1 to BULK_ROWS. */
export async function insertBulkRows(db: DataSource, kioskId: number): Promise<void> {
  await db.query(
    `INSERT INTO telemetry (kiosk_id, ts, received_at, seq, temperature, humidity, air_quality, cpu_temp,
                            cpu_usage, ram_usage, disk_usage, printer_status, cash_acceptor, card_reader,
                            lat, lng, accuracy, latency, signal_strength, extra)
     SELECT $1, ts, ts + interval '40 ms', g, 20 + g % 50, 50, 10, 40, g % 100, 10, 10, 'ready', 'ready', 'ready',
            -34.6, -58.4, 4, 80, -60, '{"firmware": "1.2.3", "door_open": false}'
       FROM generate_series(1, $2::int) g, LATERAL (SELECT timestamptz '2026-11-01' + g * interval '1 second' AS ts) s`,
    [kioskId, BULK_ROWS],
  );
}

/** What the export must hold for `k` over [from, to), read straight from the table (not through the code under test). */
export async function storedCsvRows(
  db: DataSource,
  k: RegisteredKiosk,
  lo: string,
  hi: string,
): Promise<string[][]> {
  const rows: Array<Record<string, string | null>> = await db.query(
    `SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS ts,
            to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS received_at,
            seq::text, temperature::text, humidity::text, air_quality::text, cpu_temp::text, cpu_usage::text,
            ram_usage::text, disk_usage::text, printer_status, cash_acceptor, card_reader, lat::text, lng::text,
            accuracy::text, latency::text, signal_strength::text, anomaly_score::text, extra::text
       FROM telemetry WHERE kiosk_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts, id`,
    [k.id, lo, hi],
  );
  // Times: milliseconds unless the stored time has microseconds. Text: a formula start gets a `'`.
  const time = (v: string | null) => (v ?? '').replace(/(\.\d{3})000Z$/, '$1Z');
  const text = (v: string | null) => (v === null ? '' : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
  return rows.map((r) => {
    const cells = Object.values(r);
    return [time(cells[0]), time(cells[1]), ...cells.slice(2, 10).map((v) => v ?? '')]
      .concat(cells.slice(10, 13).map(text))
      .concat(cells.slice(13, 19).map((v) => v ?? ''))
      .concat([cells[19] ?? '']);
  });
}

/** insertTiedFormulaRows' first row as its CSV record: the formula cells are shown, never run. */
export const TIED_ROW_CSV = [
  '2026-11-20T00:16:38.500123Z',
  '2026-11-20T00:16:38.600001Z',
  '7',
  '1.5',
  '2.5',
  '3.5',
  '4.5',
  '5.5',
  '6.5',
  '7.5',
  `'${FORMULA}`,
  '',
  '',
  '1.25',
  '-1.25',
  '',
  '9.5',
  '-10.5',
  '-0.5',
  '"=2+3"',
];

/** The writer's reading 0 as its CSV record: all peripherals, accuracy, a score and extra. */
export const FIRST_WRITTEN_CSV = [
  '2026-11-20T00:00:00.000Z',
  '2026-11-20T00:00:00.040Z',
  '',
  '-40',
  '0',
  '0',
  '20',
  '0',
  '50.5',
  '0.25',
  'ready',
  'full',
  'error',
  '-34.6037',
  '-58.3816',
  '4.5',
  '80.5',
  '-61',
  '0',
  `{"n":0,"note":${JSON.stringify(FORMULA)}}`,
];

/** insertTiedFormulaRows' first row as its NDJSON object. */
export const TIED_ROW_NDJSON = {
  timestamp: '2026-11-20T00:16:38.500123Z',
  receivedAt: '2026-11-20T00:16:38.600001Z',
  seq: 7,
  environmental: { temperature: 1.5, humidity: 2.5, airQuality: 3.5 },
  hardware: { cpuTemp: 4.5, cpuUsage: 5.5, ramUsage: 6.5, diskUsage: 7.5 },
  peripherals: { printerStatus: FORMULA },
  location: { lat: 1.25, lng: -1.25 },
  network: { latency: 9.5, signalStrength: -10.5 },
  anomalyScore: -0.5,
  extra: '=2+3',
};

/** The keys of an NDJSON object, in order: the raw telemetry item's, anomalyScore before extra. */
export const EXPORT_POINT_KEYS = [
  'timestamp',
  'receivedAt',
  'seq',
  'environmental',
  'hardware',
  'peripherals',
  'location',
  'network',
  'anomalyScore',
  'extra',
];

/** The readings of [from, to) through the raw telemetry query, every page of it. */
export async function rawTelemetryItems(
  t: TestApp,
  kioskId: number,
  from: string,
  to: string,
): Promise<TelemetryPointDto[]> {
  const items: TelemetryPointDto[] = [];
  let cursor: string | undefined;
  do {
    const page = await t.app
      .get(QueryBus)
      .execute<GetTelemetryQuery, TelemetryRawPageDto>(
        new GetTelemetryQuery(kioskId, new Date(from), new Date(to), 'raw', 1000, cursor),
      );
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** The anomaly scores of [from, to) as stored, in export order. */
export async function storedScores(
  db: DataSource,
  kioskId: number,
  from: string,
  to: string,
): Promise<Array<{ s: number | null }>> {
  return db.query<Array<{ s: number | null }>>(
    `SELECT anomaly_score AS s FROM telemetry WHERE kiosk_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts, id`,
    [kioskId, from, to],
  );
}

/** Query strings the export refuses with 400, and the field each names in its details. */
export const HOSTILE_QUERIES: Array<[string, string]> = [
  [`format=xml`, 'format'],
  [`format=CSV`, 'format'],
  [`format=csv&format=ndjson`, 'format'],
  [`from=yesterday`, 'from'],
  [`from=2026-02-30T00:00:00Z`, 'from'],
  [`from=${'2'.repeat(5000)}`, 'from'],
  [`from=2026-11-10T00:00:00Z&to=2026-11-10T00:00:00Z`, 'from'],
  [`from=2026-11-11T00:00:00Z&to=2026-11-10T00:00:00Z`, 'from'],
  [`from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:01Z`, 'to'],
  [`from[]=2026-11-10T00:00:00Z`, 'from[]'],
  [`from=2026-11-10T00:00:00Z&from=2026-11-10T00:00:00Z`, 'from'],
  [`bucket=raw`, 'bucket'],
  [`limit=10`, 'limit'],
];

/**
 * Each exported CSV cell against the same cell read from the table: numbers by value, `extra` as
 * the same JSON value (PostgreSQL spaces its text differently), all else to the letter.
 */
export function expectCellsAsStored(rows: string[][], stored: string[][]): void {
  for (let i = 0; i < rows.length; i++) {
    const [got, want] = [rows[i], stored[i]];
    for (let c = 0; c < HEADER.length; c++) {
      const column = HEADER[c];
      if (column === 'extra') {
        // JSON text: the same value as stored (PostgreSQL spaces its text differently).
        expect([column, want[c] === '' ? '' : JSON.parse(got[c])]).toEqual([
          column,
          want[c] === '' ? '' : JSON.parse(want[c]),
        ]);
      } else if (NUMERIC.has(column) && want[c] !== '') {
        expect([i, column, Number(got[c])]).toEqual([i, column, Number(want[c])]);
      } else {
        expect([i, column, got[c]]).toEqual([i, column, want[c]]);
      }
    }
  }
}

/** The timestamps of an NDJSON export of `k` and the file name it is offered under. */
export async function exportedTimestamps(
  t: TestApp,
  k: RegisteredKiosk,
  auth: Record<string, string>,
  params: Record<string, string>,
): Promise<{ file: string | undefined; timestamps: string[] }> {
  const res = await download(t, exportPath(k, { ...params, format: 'ndjson' }), auth).expect(200);
  const lines = (res.body as string).split('\n').filter(Boolean);
  return {
    file: /filename="([^"]+)"/.exec(String(res.headers['content-disposition']))?.[1],
    timestamps: lines.map((l) => (JSON.parse(l) as TelemetryPointDto).timestamp),
  };
}
