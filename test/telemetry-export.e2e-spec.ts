import { get, IncomingMessage } from 'node:http';
import { parse } from 'csv-parse/sync';
import { QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { Role, TelemetryReading } from '@app/contracts';
import { LongReads } from '@app/database';
import {
  GetTelemetryQuery,
  TelemetryBatchWriter,
  TelemetryExportPointDto,
  TelemetryPointDto,
  TelemetryRawPageDto,
} from '@app/telemetry';
import { API_DOMAIN_MODULES } from '../apps/api/src/domain-modules';
import { issueApiKey } from './support/api-keys';
import { eventually, RegisteredKiosk, registerKiosk } from './support/kiosks';
import { assign } from './support/payments';
import { API, Session, startTestApp, TestApp } from './support/test-app';
import { telemetryReading } from './support/telemetry-fixtures';

const HEADER = [
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
const WRITTEN = 3000;
const BASE = Date.parse('2026-11-20T00:00:00.000Z');
/** Two readings sharing one microsecond timestamp, placed so that they straddle the first keyset chunk (1,000). */
const TIE_TS = '2026-11-20T00:16:38.500123Z'; // between the writer's readings 998 and 999
const FORMULA = '=HYPERLINK("http://evil.example","click")';
/** Readings of the bulk kiosk: its CSV (~13 MB) is far more than the socket buffers hold. */
const BULK_ROWS = 60_000;

const iso = (ms: number) => new Date(ms).toISOString();
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** Supertest parser: the body as text, whatever the content type (superagent hands it the IncomingMessage). */
function asText(response: unknown, done: (err: Error | null, body: unknown) => void): void {
  const res = response as IncomingMessage;
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (c: string) => (body += c));
  res.on('end', () => done(null, body));
}

/** The writer's reading i: every field varies with i, some peripherals, accuracy, seq, score and extra absent. */
function written(kioskId: number, i: number): TelemetryReading {
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

/** A request whose reader stops reading once the head is in (the socket is paused). */
interface SlowReader {
  status: number;
  res: IncomingMessage;
  error?: { statusCode: number; error: string; message: string; details: unknown[] };
}

function slowReader(t: TestApp, path: string, auth: Record<string, string>): Promise<SlowReader> {
  return new Promise((resolve, reject) => {
    get(`${t.baseUrl}${path}`, { headers: auth, agent: false }, (res) => {
      const status = res.statusCode ?? 0;
      if (status === 200) {
        res.pause();
        return resolve({ status, res });
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status, res, error: JSON.parse(body) as SlowReader['error'] }));
    }).on('error', reject);
  });
}

/** Reads the rest of a paused response to the end. */
function readRest(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => (body += c));
    res.on('end', () => resolve(body));
    res.on('error', reject);
    res.resume();
  });
}

const metric = (text: string, line: string): number => {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
};

describe('telemetry export: GET /kiosks/{id}/telemetry/export (csv | ndjson)', () => {
  let t: TestApp;
  let db: DataSource;
  let longReads: LongReads;
  let admin: Session;
  let kiosk: RegisteredKiosk;
  let edges: RegisteredKiosk;
  let bulk: RegisteredKiosk;
  const from = iso(BASE);
  const to = iso(BASE + WRITTEN * 1000);

  const exportPath = (k: RegisteredKiosk, params: Record<string, string> = {}) =>
    `${API}/kiosks/${k.id}/telemetry/export${Object.keys(params).length ? `?${q(params)}` : ''}`;
  const download = (path: string, auth: Record<string, string>) =>
    t.http().get(path).set(auth).buffer(true).parse(asText);
  const metricsText = async () => (await t.http().get('/metrics').expect(200)).text;
  /** Long-read connections of this test's database that are not idle: a query running or a transaction open. */
  const busyLongReadConnections = async () =>
    (
      await db.query<Array<{ state: string; query: string }>>(
        `SELECT state, query FROM pg_stat_activity
          WHERE datname = current_database() AND application_name LIKE '%-long-reads' AND state <> 'idle'`,
      )
    ).map((r) => `${r.state}: ${r.query.slice(0, 80)}`);
  const idleLongReadConnections = async () =>
    Number(
      (
        await db.query(
          `SELECT count(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND application_name LIKE '%-long-reads' AND state = 'idle'`,
        )
      )[0].n,
    );

  beforeAll(async () => {
    const needed = new Set(['kiosk', 'telemetry']);
    t = await startTestApp({ domainModules: API_DOMAIN_MODULES.filter((m) => needed.has(m.name)) });
    db = t.app.get(DataSource);
    longReads = t.app.get(LongReads);
    admin = await t.admin();
    kiosk = await registerKiosk(t, { tags: ['export-tag'] });
    edges = await registerKiosk(t);
    bulk = await registerKiosk(t);

    const writer = t.app.get(TelemetryBatchWriter);
    for (let start = 0; start < WRITTEN; start += 500) {
      const results = await Promise.all(
        Array.from({ length: Math.min(500, WRITTEN - start) }, (_, j) =>
          writer.write(written(kiosk.id, start + j)),
        ),
      );
      expect(results.every((r) => r.stored)).toBe(true);
    }
    // Rows only SQL can make: one microsecond timestamp shared by two readings (id breaks the tie),
    // a formula in a text column, and an `extra` that is a bare JSON string starting with `=`.
    await db.query(
      `INSERT INTO telemetry (kiosk_id, ts, received_at, seq, temperature, humidity, air_quality, cpu_temp,
                              cpu_usage, ram_usage, disk_usage, printer_status, cash_acceptor, card_reader,
                              lat, lng, accuracy, latency, signal_strength, extra, anomaly_score)
       VALUES ($1, $2, '2026-11-20T00:16:38.600001Z', 7, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, $3, NULL, NULL,
               1.25, -1.25, NULL, 9.5, -10.5, '"=2+3"', -0.5),
              ($1, $2, '2026-11-20T00:16:38.600002Z', 8, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, '+SUM(A1)', '-1+1',
               '@cmd', 1.25, -1.25, 0, 9.5, -10.5, '{"k": "\\t=x"}', NULL)`,
      [kiosk.id, TIE_TS, FORMULA],
    );
    // The range edges, a microsecond either side of them.
    await db.query(
      `INSERT INTO telemetry (kiosk_id, ts, received_at, seq, temperature, humidity, air_quality, cpu_temp,
                              cpu_usage, ram_usage, disk_usage, lat, lng, latency, signal_strength)
       SELECT $1, ts::timestamptz, ts::timestamptz, n, 20, 50, 10, 40, 10, 10, 10, 0, 0, 10, -50
         FROM unnest($2::text[]) WITH ORDINALITY AS e(ts, n)`,
      [
        edges.id,
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
    await db.query(
      `INSERT INTO telemetry (kiosk_id, ts, received_at, seq, temperature, humidity, air_quality, cpu_temp,
                              cpu_usage, ram_usage, disk_usage, printer_status, cash_acceptor, card_reader,
                              lat, lng, accuracy, latency, signal_strength, extra)
       SELECT $1, ts, ts + interval '40 ms', g, 20 + g % 50, 50, 10, 40, g % 100, 10, 10, 'ready', 'ready', 'ready',
              -34.6, -58.4, 4, 80, -60, '{"firmware": "1.2.3", "door_open": false}'
         FROM generate_series(1, $2::int) g, LATERAL (SELECT timestamptz '2026-11-01' + g * interval '1 second' AS ts) s`,
      [bulk.id, BULK_ROWS],
    );
    await db.query('ANALYZE telemetry');
  }, 180_000);
  afterAll(() => t?.close());

  /** What the export must hold for `k` over [from, to), read straight from the table (not through the code under test). */
  async function storedCsvRows(k: RegisteredKiosk, lo: string, hi: string): Promise<string[][]> {
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

  it('CSV: a header row and every stored reading of the range in (timestamp, id) order, cell for cell', async () => {
    const res = await download(exportPath(kiosk, { from, to }), admin.auth).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="kiosk-${kiosk.id}-telemetry-20261120T000000Z-20261120T005000Z.csv"`,
    );
    const records: string[][] = parse(res.body as string, { relax_column_count: false });
    expect(records[0]).toEqual(HEADER);
    const rows = records.slice(1);
    const stored = await storedCsvRows(kiosk, from, to);
    expect(rows).toHaveLength(WRITTEN + 2);
    expect(stored).toHaveLength(WRITTEN + 2);
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
    // The two readings sharing a timestamp straddle the first chunk, in id order, each once.
    expect(rows[999][2]).toBe('7');
    expect(rows[1000][2]).toBe('8');
    // Every column of one reading, as written: the formula cells are shown, never run.
    expect(rows[999]).toEqual([
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
    ]);
    expect(rows[1000].slice(10, 13)).toEqual(["'+SUM(A1)", "'-1+1", "'@cmd"]);
    expect(rows[1000][15]).toBe('0');
    expect(rows[1000][19]).toBe('{"k":"\\t=x"}');
    // A writer reading with everything: 0 (i = 0) has all peripherals, accuracy, a score and extra.
    expect(rows[0]).toEqual([
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
    ]);
    // The raw text: RFC 4180 quoting of the JSON cell (doubled quotes), one CRLF-free line per record.
    expect((res.body as string).split('\n')[1]).toBe(
      '2026-11-20T00:00:00.000Z,2026-11-20T00:00:00.040Z,,-40,0,0,20,0,50.5,0.25,ready,full,error,' +
        '-34.6037,-58.3816,4.5,80.5,-61,0,"{""n"":0,""note"":""=HYPERLINK(\\""http://evil.example\\"",\\""click\\"")""}"',
    );
  });

  it('NDJSON: one object per line, shaped as the raw telemetry items plus anomalyScore, same readings and order', async () => {
    const res = await download(exportPath(kiosk, { from, to, format: 'ndjson' }), admin.auth).expect(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="kiosk-${kiosk.id}-telemetry-20261120T000000Z-20261120T005000Z.ndjson"`,
    );
    const body = res.body as string;
    expect(body.endsWith('\n')).toBe(true);
    const lines = body.slice(0, -1).split('\n');
    expect(lines).toHaveLength(WRITTEN + 2);
    const points = lines.map((l) => JSON.parse(l) as TelemetryExportPointDto);

    // The same readings through the raw telemetry query (its handler: the HTTP answer would fail the
    // spec on the formula this test stored in printer_status, which no kiosk can send).
    const items: TelemetryPointDto[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.app
        .get(QueryBus)
        .execute<GetTelemetryQuery, TelemetryRawPageDto>(
          new GetTelemetryQuery(kiosk.id, new Date(from), new Date(to), 'raw', 1000, cursor),
        );
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(items).toHaveLength(points.length);

    const scores = await db.query<Array<{ s: number | null }>>(
      `SELECT anomaly_score AS s FROM telemetry WHERE kiosk_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts, id`,
      [kiosk.id, from, to],
    );
    points.forEach((p, i) => {
      const { anomalyScore, ...item } = p;
      expect([i, anomalyScore ?? null]).toEqual([i, scores[i].s]);
      if (i === 999 || i === 1000) return; // microsecond times: below
      expect([i, item]).toEqual([i, items[i]]);
    });
    expect(points[999]).toEqual({
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
    });
    expect(points[1000]).toMatchObject({ seq: 8, location: { accuracy: 0 }, extra: { k: '\t=x' } });
    expect(points[1000]).not.toHaveProperty('anomalyScore');
    expect(Object.keys(points[0])).toEqual([
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
    ]);
  });

  it('range: from inclusive, to exclusive (to the microsecond); no zone is UTC; defaults to the last hour', async () => {
    const stamps = async (params: Record<string, string>) => {
      const res = await download(exportPath(edges, { ...params, format: 'ndjson' }), admin.auth).expect(200);
      const lines = (res.body as string).split('\n').filter(Boolean);
      return {
        file: /filename="([^"]+)"/.exec(String(res.headers['content-disposition']))?.[1],
        timestamps: lines.map((l) => (JSON.parse(l) as TelemetryPointDto).timestamp),
      };
    };
    const day = ['2026-11-10T00:00:00.000Z', '2026-11-10T23:59:59.999999Z'];
    expect((await stamps({ from: '2026-11-10T00:00:00Z', to: '2026-11-11T00:00:00Z' })).timestamps).toEqual(
      day,
    );
    expect((await stamps({ from: '2026-11-10T00:00:00', to: '2026-11-11T00:00:00' })).timestamps).toEqual(
      day,
    );
    expect(
      (await stamps({ from: '2026-11-10T02:00:00+02:00', to: '2026-11-11T00:00:00.000Z' })).timestamps,
    ).toEqual(day);
    // A bound with milliseconds keeps them in the file name.
    expect((await stamps({ from: '2026-11-10T00:00:00.250Z', to: '2026-11-11T00:00:00Z' })).file).toBe(
      `kiosk-${edges.id}-telemetry-20261110T000000.250Z-20261111T000000Z.ndjson`,
    );

    const before = Date.now();
    const lastHour = await stamps({});
    expect(lastHour.timestamps).toHaveLength(1); // 30 min ago; not 2 h ago
    const [, lo, hi] = /telemetry-([^-]+)-([^-]+)\.ndjson$/.exec(lastHour.file ?? '') ?? [];
    const basic = (s: string) =>
      Date.parse(s.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)/, '$1-$2-$3T$4:$5:$6'));
    expect(basic(hi) - basic(lo)).toBe(3_600_000);
    expect(basic(hi)).toBeGreaterThanOrEqual(before - 1);
    expect(basic(hi)).toBeLessThanOrEqual(Date.now());
    // Only `to`: the hour before it.
    expect((await stamps({ to: '2026-11-10T00:30:00Z' })).timestamps).toEqual([
      '2026-11-09T23:59:59.999999Z',
      '2026-11-10T00:00:00.000Z',
    ]);
    // An empty range is a header only (CSV) or an empty body (NDJSON).
    const empty = await download(
      exportPath(edges, { from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' }),
      admin.auth,
    ).expect(200);
    expect(empty.body).toBe(`${HEADER.join(',')}\n`);
    expect(longReads.active('telemetry_export')).toBe(0);
  });

  it('hostile query strings are 400 with details, before any place is taken', async () => {
    const refusedBefore = await metricsText();
    const cases: Array<[string, string]> = [
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
    for (const [query, field] of cases) {
      const res = await t
        .http()
        .get(`${exportPath(edges)}?${query}`)
        .set(admin.auth);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect([query, (res.body.details as Array<{ field: string }>).map((d) => d.field)]).toEqual([
        query,
        expect.arrayContaining([field]),
      ]);
    }
    const range = await t
      .http()
      .get(exportPath(edges, { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:01Z' }))
      .set(admin.auth)
      .expect(400);
    expect(range.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid telemetry export range',
      details: [{ field: 'to', message: 'an export may span at most 31 days' }],
    });
    // Exactly 31 days is allowed.
    await download(
      exportPath(edges, { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z' }),
      admin.auth,
    ).expect(200);
    const nul = await t
      .http()
      .get(`${exportPath(edges)}?to=2026-11-10T00:00:00Z%00`)
      .set(admin.auth)
      .expect(400);
    expect(nul.body).toMatchObject({ statusCode: 400, message: 'The URL may not contain %00' });
    const badId = await t.http().get(`${API}/kiosks/abc/telemetry/export`).set(admin.auth).expect(400);
    expect(badId.body.details).toEqual([{ field: 'id', message: 'id must be a positive integer' }]);
    expect(longReads.active('telemetry_export')).toBe(0);
    const after = await metricsText();
    for (const cap of ['per_user', 'per_instance']) {
      const line = `long_reads_refused_total{kind="telemetry_export",cap="${cap}"}`;
      expect(metric(after, line)).toBe(metric(refusedBefore, line));
    }
  });

  it('visibility as the telemetry query: operators and viewers only their kiosks (404 otherwise, nothing streamed); 401 without credentials', async () => {
    const viewer = await t.userWithRole(Role.Viewer);
    const operator = await t.userWithRole(Role.Operator);
    await assign(t, edges, viewer);
    const day = { from: '2026-11-10T00:00:00Z', to: '2026-11-11T00:00:00Z' };

    const own = await download(exportPath(edges, { ...day, format: 'ndjson' }), viewer.auth).expect(200);
    expect((own.body as string).split('\n').filter(Boolean)).toHaveLength(2);
    for (const [who, session] of [
      ['viewer', viewer],
      ['operator', operator],
    ] as const) {
      for (const format of ['csv', 'ndjson']) {
        const res = await t.http().get(exportPath(kiosk, { from, to, format })).set(session.auth);
        expect([who, format, res.status]).toEqual([who, format, 404]);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.headers['content-disposition']).toBeUndefined();
        expect(res.body).toMatchObject({
          statusCode: 404,
          error: 'Not Found',
          message: 'Kiosk not found',
          details: [],
        });
      }
    }
    // A kiosk that does not exist answers the same as one that is not visible.
    const missing = await t
      .http()
      .get(`${API}/kiosks/2147483000/telemetry/export`)
      .set(viewer.auth)
      .expect(404);
    expect(missing.body.message).toBe('Kiosk not found');
    // API keys see the kiosks of their tags.
    const key = await issueApiKey(t, { role: 'viewer', tags: ['export-tag'] });
    await download(exportPath(kiosk, { from: TIE_TS, to }), key.auth).expect(200);
    await t.http().get(exportPath(edges, day)).set(key.auth).expect(404);
    await t.http().get(exportPath(edges, day)).expect(401);
    expect(longReads.active('telemetry_export')).toBe(0);
  });

  it('a slow reader holds no database connection: between chunks the long-read pool is idle, and the rest streams on resume', async () => {
    const reader = await slowReader(
      t,
      exportPath(bulk, { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' }),
      admin.auth,
    );
    expect(reader.status).toBe(200);
    try {
      await new Promise((r) => setTimeout(r, 1000)); // the socket buffers fill and the export stalls
      // Still running (the response has not finished), yet no statement of it runs or holds a transaction.
      expect(longReads.active('telemetry_export')).toBe(1);
      for (let i = 0; i < 10; i++) {
        expect(await busyLongReadConnections()).toEqual([]);
        await new Promise((r) => setTimeout(r, 100));
      }
      // The export did use the long-read pool: its connections sit there idle.
      expect(await idleLongReadConnections()).toBeGreaterThanOrEqual(1);
      expect(longReads.active('telemetry_export')).toBe(1);

      const body = await readRest(reader.res);
      const records: string[][] = parse(body);
      expect(records[0]).toEqual(HEADER);
      expect(records).toHaveLength(BULK_ROWS + 1);
      // In order and complete: one reading a second from 00:00:01.
      expect(records[1][0]).toBe('2026-11-01T00:00:01.000Z');
      expect(records[BULK_ROWS][0]).toBe(iso(Date.parse('2026-11-01T00:00:00Z') + BULK_ROWS * 1000));
      expect(records[BULK_ROWS][2]).toBe(String(BULK_ROWS));
      expect(records.slice(1).every((r, i) => r[2] === String(i + 1))).toBe(true);
      expect(records[1][19]).toBe('{"firmware":"1.2.3","door_open":false}');
    } finally {
      reader.res.destroy();
    }
    await eventually(async () => expect(longReads.active('telemetry_export')).toBe(0));
    expect(
      metric(
        await metricsText(),
        'long_read_duration_seconds_count{kind="telemetry_export",outcome="completed"}',
      ),
    ).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('over the per-user cap → 429 with Retry-After; a client that goes away frees its place at once and starts no further query', async () => {
    const user = await t.userWithRole(Role.Admin);
    const path = exportPath(bulk, {
      from: '2026-11-01T00:00:00Z',
      to: '2026-11-02T00:00:00Z',
      format: 'ndjson',
    });
    const first = await slowReader(t, path, user.auth);
    const second = await slowReader(t, path, user.auth);
    try {
      expect([first.status, second.status]).toEqual([200, 200]);
      const before = await metricsText();
      const third = await t.http().get(path).set(user.auth).expect(429);
      expect(third.headers['retry-after']).toBe('5');
      expect(third.body).toMatchObject({
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'At most 2 telemetry exports may run at once per user; retry when one has finished',
        details: [],
      });
      // Another user is not held back by this one's cap.
      const other = await slowReader(t, path, admin.auth);
      expect(other.status).toBe(200);
      other.res.destroy();

      const after = await metricsText();
      expect(metric(after, 'long_reads_refused_total{kind="telemetry_export",cap="per_user"}')).toBe(
        metric(before, 'long_reads_refused_total{kind="telemetry_export",cap="per_user"}') + 1,
      );
      await eventually(async () => expect(longReads.active('telemetry_export')).toBe(2));
      expect(metric(await metricsText(), 'long_reads_active{kind="telemetry_export"}')).toBe(2);

      const aborted = 'long_read_duration_seconds_count{kind="telemetry_export",outcome="aborted"}';
      const abortedBefore = metric(await metricsText(), aborted);
      first.res.destroy();
      const abortedAt = Date.now();
      await eventually(async () => expect(longReads.active('telemetry_export')).toBe(1), 5000, 20);
      expect(Date.now() - abortedAt).toBeLessThan(2000);
      expect(metric(await metricsText(), aborted)).toBe(abortedBefore + 1);

      // The freed place takes a new export, which reads to the end.
      const again = await download(path, user.auth).expect(200);
      expect((again.body as string).split('\n').filter(Boolean)).toHaveLength(BULK_ROWS);
    } finally {
      first.res.destroy();
      second.res.destroy();
    }
    await eventually(async () => expect(longReads.active('telemetry_export')).toBe(0));
    // Nothing of the aborted exports is left running or waiting in a transaction.
    await eventually(async () => expect(await busyLongReadConnections()).toEqual([]));
  }, 120_000);
});
