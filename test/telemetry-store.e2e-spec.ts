import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { RecordTelemetryCommand, RecordTelemetryResult, TelemetryReading } from '@app/contracts';
import { TELEMETRY_MODULE, TelemetryBatchWriter, TelemetryPartitionMaintainer } from '@app/telemetry';
import { startTestApp, TestApp } from './support/test-app';
import {
  collectAnnounced,
  DAY_MS,
  storedRows,
  telemetryReading,
  setDatabaseConnections,
} from './support/telemetry-fixtures';

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error: error as { kind?: string } }),
  );
const STORED: RecordTelemetryResult = { stored: true, duplicate: false };
const DUPLICATE: RecordTelemetryResult = { stored: false, duplicate: true };
const utcDay = (d: Date) => d.toISOString().slice(0, 10);
const partitionOf = (d: Date) => `telemetry_p${utcDay(d).replace(/-/g, '')}`;

describe('telemetry store: batched writes, dedup, partitions, retention', () => {
  let t: TestApp;
  let ds: DataSource;
  let writer: TelemetryBatchWriter;
  const announced: TelemetryReading[] = [];

  beforeAll(async () => {
    t = await startTestApp({ domainModules: [TELEMETRY_MODULE], withWorker: true });
    ds = t.app.get(DataSource);
    writer = t.app.get(TelemetryBatchWriter);
    collectAnnounced(t, announced);
  });
  afterAll(() => t?.close());

  it('stores 2,000 concurrent readings of 50 kiosks exactly once, announcing each once', async () => {
    const commands = t.app.get(CommandBus);
    const readings = Array.from({ length: 2000 }, (_, i) =>
      telemetryReading({ kioskId: 1 + (i % 50), seq: Math.floor(i / 50) }),
    );
    const started = performance.now();
    const results = await Promise.all(
      readings.map((r) =>
        commands.execute<RecordTelemetryCommand, RecordTelemetryResult>(new RecordTelemetryCommand(r)),
      ),
    );
    const took = performance.now() - started;
    expect(results.every((r) => r.stored && !r.duplicate)).toBe(true);
    const [counts] = (await ds.query(
      `SELECT count(*)::int AS n, count(DISTINCT (kiosk_id, seq))::int AS distinct_n, count(DISTINCT kiosk_id)::int AS kiosks
         FROM telemetry WHERE kiosk_id BETWEEN 1 AND 50`,
    )) as Array<{ n: number; distinct_n: number; kiosks: number }>;
    expect(counts).toEqual({ n: 2000, distinct_n: 2000, kiosks: 50 });
    expect(announced).toHaveLength(2000);
    expect(new Set(announced)).toEqual(new Set(readings));
    const metrics = (await t.http().get('/metrics').expect(200)).text;
    expect(metrics).toContain('telemetry_readings_total{result="stored"} 2000');
    expect(metrics).toMatch(/telemetry_batch_rows_count \d+/);
    expect(metrics).toContain('telemetry_buffer_pending 0');
    expect(took).toBeLessThan(5_000);
  });

  it('stores a resent reading (same seq and timestamp) once, within one batch and across batches', async () => {
    const r = telemetryReading({ kioskId: 100, seq: 42 });
    expect(await Promise.all([writer.write(r), writer.write({ ...r }), writer.write({ ...r })])).toEqual([
      STORED,
      DUPLICATE,
      DUPLICATE,
    ]);
    expect(await writer.write({ ...r, receivedAt: new Date() })).toEqual(DUPLICATE);
    // the same seq at another time is another reading (dedup is on seq and timestamp)
    const later = new Date(r.timestamp.getTime() + 5000);
    expect(await writer.write({ ...r, timestamp: later })).toEqual(STORED);
    expect((await storedRows(ds, 100)).map((x) => x.seq)).toEqual(['42', '42']);
    expect(announced.filter((x) => x.kioskId === 100)).toHaveLength(2);
  });

  it('stores text with tabs, line breaks, backslashes and quotes exactly as sent', async () => {
    const extra = {
      note: 'tab\there\nnew line\r\nback\\slash \\N "quoted" ünïcødé ✓',
      path: 'C:\\kiosk\\logs',
      nested: { list: ['a\tb', 'c\\d'] },
    };
    const r = telemetryReading({ kioskId: 105, seq: 1, extra });
    expect(await writer.write(r)).toEqual(STORED);
    const [row] = (await ds.query(`SELECT extra FROM telemetry WHERE kiosk_id = 105`)) as Array<{
      extra: unknown;
    }>;
    expect(row?.extra).toEqual(extra);
  });

  it('stores every column exactly: timestamps to the millisecond, reals as float4, doubles, big seqs, text, extra, score', async () => {
    const timestamp = new Date('2026-11-25T10:00:00.123Z');
    const r = telemetryReading({
      kioskId: 106,
      seq: Number.MAX_SAFE_INTEGER,
      timestamp,
      receivedAt: new Date('1999-12-31T23:59:59.999Z'),
      environmental: { temperature: -39.9, humidity: 0, airQuality: 499.5 },
      hardware: { cpuTemp: 119.25, cpuUsage: 100, ramUsage: 0.1, diskUsage: 71.9 },
      peripherals: { printerStatus: 'paper_jam', cashAcceptor: undefined, cardReader: 'error' },
      location: { lat: -34.603722123456, lng: 179.99999999, accuracy: undefined },
      network: { latency: 60000, signalStrength: -150 },
      extra: { firmware: '2.1.0', doors: [true, false] },
      anomalyScore: 0.8125,
    });
    expect(await writer.write(r)).toEqual(STORED);
    const [row] = (await ds.query(
      `SELECT kiosk_id, ts, received_at, seq, temperature, humidity, air_quality, cpu_temp, cpu_usage,
              ram_usage, disk_usage, printer_status, cash_acceptor, card_reader, lat, lng, accuracy,
              latency, signal_strength, extra, anomaly_score
         FROM telemetry WHERE kiosk_id = 106`,
    )) as Array<Record<string, unknown>>;
    expect(row).toEqual({
      kiosk_id: 106,
      ts: timestamp,
      received_at: new Date('1999-12-31T23:59:59.999Z'),
      seq: String(Number.MAX_SAFE_INTEGER),
      // node-postgres reads real as the shortest decimal of the float4
      temperature: -39.9,
      humidity: 0,
      air_quality: 499.5,
      cpu_temp: 119.25,
      cpu_usage: 100,
      ram_usage: 0.1,
      disk_usage: 71.9,
      printer_status: 'paper_jam',
      cash_acceptor: null,
      card_reader: 'error',
      lat: -34.603722123456,
      lng: 179.99999999,
      accuracy: null,
      latency: 60000,
      signal_strength: -150,
      extra: { firmware: '2.1.0', doors: [true, false] },
      anomaly_score: 0.8125,
    });
  });

  it('refuses a value beyond its column type (a real above float4 range) and stores the rest of the batch', async () => {
    const results = await Promise.all([
      settle(writer.write(telemetryReading({ kioskId: 107, seq: 1 }))),
      settle(
        writer.write(
          telemetryReading({ kioskId: 107, seq: 2, location: { lat: 1, lng: 2, accuracy: 1e39 } }),
        ),
      ),
      settle(writer.write(telemetryReading({ kioskId: 107, seq: 3 }))),
    ]);
    expect(results.map((r) => ('value' in r ? 'stored' : r.error.kind))).toEqual([
      'stored',
      'invalid',
      'stored',
    ]);
    expect((await storedRows(ds, 107)).map((x) => x.seq)).toEqual(['1', '3']);
  });

  it('never deduplicates readings without seq', async () => {
    const r = telemetryReading({ kioskId: 101, seq: null });
    expect(await Promise.all([writer.write(r), writer.write({ ...r })])).toEqual([STORED, STORED]);
    expect(await writer.write({ ...r })).toEqual(STORED);
    expect(await storedRows(ds, 101)).toHaveLength(3);
  });

  it('refuses a reading the database cannot store without failing the rest of its batch', async () => {
    const results = await Promise.all([
      settle(writer.write(telemetryReading({ kioskId: 102, seq: 1 }))),
      settle(writer.write(telemetryReading({ kioskId: 102, seq: 2, extra: { note: 'nul \u0000 byte' } }))),
      settle(writer.write(telemetryReading({ kioskId: 102, seq: 3 }))),
    ]);
    expect(results.map((r) => ('value' in r ? 'stored' : r.error.kind))).toEqual([
      'stored',
      'invalid',
      'stored',
    ]);
    expect((await storedRows(ds, 102)).map((x) => x.seq)).toEqual(['1', '3']);
  });

  it('creates day partitions, and moves a far-future reading out of the default partition with its day', async () => {
    const created = (await ds.query(
      `SELECT * FROM telemetry_ensure_partitions('2031-03-01', '2031-03-03') AS name`,
    )) as Array<{ name: string }>;
    expect(created.map((r) => r.name)).toEqual([
      'telemetry_p20310301',
      'telemetry_p20310302',
      'telemetry_p20310303',
    ]);
    expect(await ds.query(`SELECT * FROM telemetry_ensure_partitions('2031-03-01', '2031-03-03')`)).toEqual(
      [],
    );

    const future = new Date(Date.now() + 400 * DAY_MS);
    const r = telemetryReading({ kioskId: 103, seq: 1, timestamp: future });
    expect(await writer.write(r)).toEqual(STORED);
    expect((await storedRows(ds, 103)).map((x) => x.partition)).toEqual(['telemetry_default']);

    const day = utcDay(future);
    const moved = (await ds.query(`SELECT * FROM telemetry_ensure_partitions($1, $1) AS name`, [
      day,
    ])) as Array<{
      name: string;
    }>;
    expect(moved).toEqual([{ name: partitionOf(future) }]);
    expect(await storedRows(ds, 103)).toEqual([{ seq: '1', ts: future, partition: partitionOf(future) }]);
    // the moved row still deduplicates: the new partition carries the unique index
    expect(await writer.write({ ...r })).toEqual(DUPLICATE);
  });

  it('maintenance creates partitions ahead and drops those older than the retention', async () => {
    const maintainer = t.app.get(TelemetryPartitionMaintainer);
    const old = new Date(Date.now() - 100 * DAY_MS);
    const ancient = new Date(Date.now() - 200 * DAY_MS);
    await ds.query(`SELECT telemetry_ensure_partitions($1, $1)`, [utcDay(old)]);
    await writer.write(telemetryReading({ kioskId: 104, seq: 1, timestamp: old }));
    await writer.write(telemetryReading({ kioskId: 104, seq: 2, timestamp: ancient }));
    await writer.write(telemetryReading({ kioskId: 104, seq: 3 }));
    expect((await storedRows(ds, 104)).map((x) => x.partition)).toEqual([
      'telemetry_default',
      partitionOf(old),
      partitionOf(new Date()),
    ]);
    // an older day partition dropped by hand: the next pass re-creates days ahead, none behind
    const tomorrow = new Date(Date.now() + DAY_MS);
    await ds.query(`DROP TABLE ${partitionOf(tomorrow)}`);

    const report = await maintainer.run();
    expect(report).toEqual({
      created: [partitionOf(tomorrow)],
      dropped: [partitionOf(old)],
      defaultRowsDeleted: 1,
    });
    expect((await storedRows(ds, 104)).map((x) => x.seq)).toEqual(['3']);
    const [{ n }] = (await ds.query(
      `SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'telemetry'::regclass
          AND inhrelid::regclass::text BETWEEN $1 AND $2`,
      [partitionOf(new Date(Date.now() - DAY_MS)), partitionOf(new Date(Date.now() + 7 * DAY_MS))],
    )) as Array<{ n: number }>;
    expect(n).toBe(9);
  });

  it('only one instance maintains at a time (advisory lock)', async () => {
    const maintainer = t.app.get(TelemetryPartitionMaintainer);
    const other = await ds.createQueryRunner();
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock(727114002)');
      expect(await maintainer.run()).toBeNull();
    } finally {
      await other.query('SELECT pg_advisory_unlock(727114002)');
      await other.release();
    }
    expect(await maintainer.run()).toEqual({ created: [], dropped: [], defaultRowsDeleted: 0 });
  });
});

describe('telemetry store: backpressure while the database is unavailable', () => {
  let t: TestApp;
  let dbName: string;
  const setConnections = (allow: boolean) => setDatabaseConnections(dbName, allow);

  beforeAll(async () => {
    t = await startTestApp({
      domainModules: [TELEMETRY_MODULE],
      env: { TELEMETRY_BUFFER_MAX: '10', TELEMETRY_OVERLOAD_WAIT_MS: '200', TELEMETRY_BATCH_MAX_ROWS: '4' },
    });
    dbName = new URL(t.databaseUrl).pathname.slice(1);
  });
  afterAll(async () => {
    await setConnections(true);
    await t?.close();
  });

  it('makes excess writes fail overloaded, keeps the buffered ones pending, then commits them', async () => {
    const writer = t.app.get(TelemetryBatchWriter);
    await setConnections(false);
    const settled = new Set<number>();
    const track = (i: number, p: Promise<RecordTelemetryResult>) => settle(p).finally(() => settled.add(i));
    const writes = Array.from({ length: 30 }, (_, i) =>
      track(i, writer.write(telemetryReading({ kioskId: 200, seq: i }))),
    );
    const refused = await Promise.all(writes.slice(10));
    expect(refused.every((r) => 'error' in r && r.error.kind === 'overloaded')).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect([...settled].filter((i) => i < 10)).toEqual([]);
    expect(writer.backlog).toBe(10);

    await setConnections(true);
    const buffered = await Promise.all(writes.slice(0, 10));
    expect(buffered.every((r) => 'value' in r && r.value.stored)).toBe(true);
    const ds = t.app.get(DataSource);
    // Every buffered reading, once each; two batches retry side by side, so their commit order is free.
    const seqs = (await storedRows(ds, 200)).map((x) => Number(x.seq)).sort((x, y) => x - y);
    expect(seqs).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
