import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { Role } from '@app/contracts';
import { LongReads } from '@app/database';
import { TelemetryBatchWriter, TelemetryExportPointDto } from '@app/telemetry';
import { API_DOMAIN_MODULES } from '../apps/api/src/domain-modules';
import { issueApiKey } from './support/api-keys';
import { assign, eventually, RegisteredKiosk, registerKiosk } from './support/kiosks';
import { busyLongReadConnections, idleLongReadConnections, readRest, slowReader } from './support/long-reads';
import { metric, metricsText } from './support/metrics';
import {
  BASE,
  BULK_ROWS,
  download,
  EXPORT_POINT_KEYS,
  expectCellsAsStored,
  exportedTimestamps,
  exportPath,
  FIRST_WRITTEN_CSV,
  HEADER,
  HOSTILE_QUERIES,
  insertBulkRows,
  insertRangeEdgeRows,
  insertTiedFormulaRows,
  iso,
  rawTelemetryItems,
  storedCsvRows,
  storedScores,
  TIE_TS,
  TIED_ROW_CSV,
  TIED_ROW_NDJSON,
  writeReadings,
  WRITTEN,
} from './support/telemetry-export';
import { API, Session, startTestApp, TestApp } from './support/test-app';

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

  beforeAll(async () => {
    const needed = new Set(['kiosk', 'telemetry']);
    t = await startTestApp({ domainModules: API_DOMAIN_MODULES.filter((m) => needed.has(m.name)) });
    db = t.app.get(DataSource);
    longReads = t.app.get(LongReads);
    admin = await t.admin();
    kiosk = await registerKiosk(t, { tags: ['export-tag'] });
    edges = await registerKiosk(t);
    bulk = await registerKiosk(t);

    const stored = await writeReadings(t.app.get(TelemetryBatchWriter), kiosk.id);
    expect(stored.every(Boolean)).toBe(true);
    await insertTiedFormulaRows(db, kiosk.id);
    await insertRangeEdgeRows(db, edges.id);
    await insertBulkRows(db, bulk.id);
    await db.query('ANALYZE telemetry');
  }, 180_000);
  afterAll(() => t?.close());

  it('CSV: a header row and every stored reading of the range in (timestamp, id) order, cell for cell', async () => {
    const res = await download(t, exportPath(kiosk, { from, to }), admin.auth).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="kiosk-${kiosk.id}-telemetry-20261120T000000Z-20261120T005000Z.csv"`,
    );
    const records: string[][] = parse(res.body as string, { relax_column_count: false });
    expect(records[0]).toEqual(HEADER);
    const rows = records.slice(1);
    const stored = await storedCsvRows(db, kiosk, from, to);
    expect(rows).toHaveLength(WRITTEN + 2);
    expect(stored).toHaveLength(WRITTEN + 2);
    expectCellsAsStored(rows, stored);
    // The two readings sharing a timestamp straddle the first chunk, in id order, each once.
    expect(rows[999][2]).toBe('7');
    expect(rows[1000][2]).toBe('8');
    // Every column of one reading, as written: the formula cells are shown, never run.
    expect(rows[999]).toEqual(TIED_ROW_CSV);
    expect(rows[1000].slice(10, 13)).toEqual(["'+SUM(A1)", "'-1+1", "'@cmd"]);
    expect(rows[1000][15]).toBe('0');
    expect(rows[1000][19]).toBe('{"k":"\\t=x"}');
    // A writer reading with everything: 0 (i = 0) has all peripherals, accuracy, a score and extra.
    expect(rows[0]).toEqual(FIRST_WRITTEN_CSV);
    // The raw text: RFC 4180 quoting of the JSON cell (doubled quotes), one CRLF-free line per record.
    expect((res.body as string).split('\n')[1]).toBe(
      '2026-11-20T00:00:00.000Z,2026-11-20T00:00:00.040Z,,-40,0,0,20,0,50.5,0.25,ready,full,error,' +
        '-34.6037,-58.3816,4.5,80.5,-61,0,"{""n"":0,""note"":""=HYPERLINK(\\""http://evil.example\\"",\\""click\\"")""}"',
    );
  });

  it('NDJSON: one object per line, shaped as the raw telemetry items plus anomalyScore, same readings and order', async () => {
    const res = await download(t, exportPath(kiosk, { from, to, format: 'ndjson' }), admin.auth).expect(200);
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
    const items = await rawTelemetryItems(t, kiosk.id, from, to);
    expect(items).toHaveLength(points.length);

    const scores = await storedScores(db, kiosk.id, from, to);
    points.forEach((p, i) => {
      const { anomalyScore, ...item } = p;
      expect([i, anomalyScore ?? null]).toEqual([i, scores[i].s]);
      if (i === 999 || i === 1000) return; // microsecond times: below
      expect([i, item]).toEqual([i, items[i]]);
    });
    expect(points[999]).toEqual(TIED_ROW_NDJSON);
    expect(points[1000]).toMatchObject({ seq: 8, location: { accuracy: 0 }, extra: { k: '\t=x' } });
    expect(points[1000]).not.toHaveProperty('anomalyScore');
    expect(Object.keys(points[0])).toEqual(EXPORT_POINT_KEYS);
  });

  it('range: from inclusive, to exclusive (to the microsecond); no zone is UTC; defaults to the last hour', async () => {
    const stamps = (params: Record<string, string>) => exportedTimestamps(t, edges, admin.auth, params);
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
      t,
      exportPath(edges, { from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' }),
      admin.auth,
    ).expect(200);
    expect(empty.body).toBe(`${HEADER.join(',')}\n`);
    expect(longReads.active('telemetry_export')).toBe(0);
  });

  it('hostile query strings are 400 with details, before any place is taken', async () => {
    const refusedBefore = await metricsText(t);
    for (const [query, field] of HOSTILE_QUERIES) {
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
      t,
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
    const after = await metricsText(t);
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

    const own = await download(t, exportPath(edges, { ...day, format: 'ndjson' }), viewer.auth).expect(200);
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
    await download(t, exportPath(kiosk, { from: TIE_TS, to }), key.auth).expect(200);
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
      // The socket buffers fill and the export stalls: within a second on a quiet machine, later on
      // a loaded one. Stalled, no statement of it runs or holds a transaction for a whole second (ten
      // samples in a row); an export holding its connection while it waits for the client never
      // shows that, so this waits for the stall without assuming when it comes.
      await eventually(async () => {
        for (let i = 0; i < 10; i++) {
          expect(await busyLongReadConnections(db)).toEqual([]);
          await new Promise((r) => setTimeout(r, 100));
        }
      }, 30_000);
      // Still running (the response has not finished).
      expect(longReads.active('telemetry_export')).toBe(1);
      // The export did use the long-read pool: its connections sit there idle.
      expect(await idleLongReadConnections(db)).toBeGreaterThanOrEqual(1);
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
        await metricsText(t),
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
      const before = await metricsText(t);
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

      const after = await metricsText(t);
      expect(metric(after, 'long_reads_refused_total{kind="telemetry_export",cap="per_user"}')).toBe(
        metric(before, 'long_reads_refused_total{kind="telemetry_export",cap="per_user"}') + 1,
      );
      await eventually(async () => expect(longReads.active('telemetry_export')).toBe(2));
      expect(metric(await metricsText(t), 'long_reads_active{kind="telemetry_export"}')).toBe(2);

      const aborted = 'long_read_duration_seconds_count{kind="telemetry_export",outcome="aborted"}';
      const abortedBefore = metric(await metricsText(t), aborted);
      first.res.destroy();
      const abortedAt = Date.now();
      await eventually(async () => expect(longReads.active('telemetry_export')).toBe(1), 5000, 20);
      expect(Date.now() - abortedAt).toBeLessThan(2000);
      expect(metric(await metricsText(t), aborted)).toBe(abortedBefore + 1);

      // The freed place takes a new export, which reads to the end.
      const again = await download(t, path, user.auth).expect(200);
      expect((again.body as string).split('\n').filter(Boolean)).toHaveLength(BULK_ROWS);
    } finally {
      first.res.destroy();
      second.res.destroy();
    }
    await eventually(async () => expect(longReads.active('telemetry_export')).toBe(0));
    // Nothing of the aborted exports is left running or waiting in a transaction.
    await eventually(async () => expect(await busyLongReadConnections(db)).toEqual([]));
  }, 120_000);
});
