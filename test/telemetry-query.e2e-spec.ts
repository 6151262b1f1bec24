import { QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/core';
import { TelemetryReading } from '@app/contracts';
import {
  GetTelemetryQuery,
  TELEMETRY_MODULE,
  TelemetryBatchWriter,
  TelemetryBucketPageDto,
  TelemetryPointDto,
  TelemetryRawPageDto,
} from '@app/telemetry';
import { startTestApp, TestApp } from './support/test-app';
import { DAY_MS, telemetryReading } from './support/telemetry-fixtures';

const MINUTE = 60_000;

describe('telemetry query: raw pages and SQL aggregates', () => {
  let t: TestApp;
  let queries: QueryBus;
  let writer: TelemetryBatchWriter;
  let ds: DataSource;
  const raw = (q: GetTelemetryQuery) => queries.execute<GetTelemetryQuery, TelemetryRawPageDto>(q);
  const buckets = (q: GetTelemetryQuery) => queries.execute<GetTelemetryQuery, TelemetryBucketPageDto>(q);

  async function allRawPages(make: (cursor?: string) => GetTelemetryQuery): Promise<TelemetryPointDto[]> {
    const out: TelemetryPointDto[] = [];
    let cursor: string | undefined;
    do {
      const page = await raw(make(cursor));
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }

  beforeAll(async () => {
    t = await startTestApp({ domainModules: [TELEMETRY_MODULE] });
    queries = t.app.get(QueryBus);
    writer = t.app.get(TelemetryBatchWriter);
    ds = t.app.get(DataSource);
  });
  afterAll(() => t?.close());

  it('reads back every field of a reading, omitting peripherals and accuracy it did not report', async () => {
    const timestamp = new Date(Date.now() - 10 * MINUTE);
    const full = telemetryReading({
      kioskId: 300,
      timestamp,
      extra: { firmware_flag: true, note: 'a, "quoted" {value} \\ NULL', nested: { n: 1 } },
    });
    const sparse = telemetryReading({
      kioskId: 300,
      seq: null,
      timestamp: new Date(timestamp.getTime() + 1000),
      peripherals: { printerStatus: 'paper_jam' },
      location: { lat: 10.5, lng: -20.25 },
    });
    await Promise.all([writer.write(full), writer.write(sparse)]);
    const page = await raw(new GetTelemetryQuery(300, undefined, undefined));
    expect(page).toEqual({
      nextCursor: null,
      items: [
        {
          timestamp: full.timestamp.toISOString(),
          receivedAt: full.receivedAt.toISOString(),
          seq: full.seq,
          environmental: full.environmental,
          hardware: full.hardware,
          peripherals: full.peripherals,
          location: full.location,
          network: full.network,
          extra: full.extra,
        },
        {
          timestamp: sparse.timestamp.toISOString(),
          receivedAt: sparse.receivedAt.toISOString(),
          seq: null,
          environmental: sparse.environmental,
          hardware: sparse.hardware,
          peripherals: { printerStatus: 'paper_jam' },
          location: { lat: 10.5, lng: -20.25 },
          network: sparse.network,
        },
      ],
    });
  });

  it('pages raw readings in timestamp order without gaps or repeats, across identical timestamps', async () => {
    const base = Date.now() - 30 * MINUTE;
    const same = new Date(base);
    const readings: TelemetryReading[] = [
      // ten sharing one timestamp, with seq; five identical ones without seq
      ...Array.from({ length: 10 }, (_, i) =>
        telemetryReading({ kioskId: 301, seq: 100 + i, timestamp: same }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        telemetryReading({ kioskId: 301, seq: null, timestamp: same, extra: { n: i } }),
      ),
      ...Array.from({ length: 15 }, (_, i) =>
        telemetryReading({ kioskId: 301, seq: i, timestamp: new Date(base + (i - 7) * 1000) }),
      ),
    ];
    // arrival order is not timestamp order
    const shuffled = [...readings].sort(
      (a, b) => (((a.seq ?? 50) * 7919) % 31) - (((b.seq ?? 50) * 7919) % 31),
    );
    await Promise.all(shuffled.map((r) => writer.write(r)));

    const all = await allRawPages((cursor) => {
      return new GetTelemetryQuery(301, new Date(base - DAY_MS), new Date(base + DAY_MS), 'raw', 4, cursor);
    });
    expect(all).toHaveLength(30);
    const times = all.map((p) => Date.parse(p.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const identity = (p: TelemetryPointDto) => `${p.timestamp}|${p.seq}|${JSON.stringify(p.extra ?? null)}`;
    expect(new Set(all.map(identity)).size).toBe(30);

    // `to` is exclusive, `from` inclusive
    const window = await raw(new GetTelemetryQuery(301, same, new Date(base + 1000), 'raw', 1000));
    expect(window.items).toHaveLength(16);
  });

  it('keeps cursors exact for timestamps that differ below the millisecond', async () => {
    const cols = `kiosk_id, ts, received_at, seq, temperature, humidity, air_quality, cpu_temp, cpu_usage,
                  ram_usage, disk_usage, lat, lng, latency, signal_strength`;
    const at = (us: string) => `'2026-01-01T00:00:00.123${us}Z'`;
    for (const [us, seq] of [
      ['456', 1],
      ['456', 2],
      ['789', 3],
      ['000', 4],
      ['999', 5],
    ] as const) {
      await ds.query(
        `INSERT INTO telemetry (${cols}) VALUES (302, ${at(us)}, now(), ${seq}, 20, 50, 30, 50, 10, 10, 10, 0, 0, 10, -50)`,
      );
    }
    const all = await allRawPages(
      (cursor) =>
        new GetTelemetryQuery(
          302,
          new Date('2026-01-01T00:00:00Z'),
          new Date('2026-01-02T00:00:00Z'),
          'raw',
          1,
          cursor,
        ),
    );
    expect(all.map((p) => p.seq)).toEqual([4, 1, 2, 3, 5]);
  });

  it('aggregates avg/min/max per bucket in SQL, matching values computed here', async () => {
    const start = Date.UTC(2026, 0, 10, 12, 0, 0);
    const readings = Array.from({ length: 48 }, (_, i) =>
      telemetryReading({
        kioskId: 303,
        seq: i,
        // 12 readings per minute in minutes 0..1 and 58..59 of one hour, and the next hour
        timestamp: new Date(start + [0, 1, 58, 61][Math.floor(i / 12)]! * MINUTE + (i % 12) * 5000),
        environmental: {
          temperature: 20 + i * 0.37,
          humidity: 40 + (i % 7),
          airQuality: 30 + ((i * 13) % 17),
        },
        network: { latency: 50 + i * 3.3, signalStrength: -90 + (i % 11) },
      }),
    );
    await Promise.all(readings.map((r) => writer.write(r)));
    const expectBuckets = (page: TelemetryBucketPageDto, widthMs: number) => {
      const groups = new Map<number, TelemetryReading[]>();
      for (const r of readings) {
        const key = Math.floor(r.timestamp.getTime() / widthMs) * widthMs;
        groups.set(key, [...(groups.get(key) ?? []), r]);
      }
      expect(page.items.map((b) => b.bucketStart)).toEqual(
        [...groups.keys()].sort((a, b) => a - b).map((k) => new Date(k).toISOString()),
      );
      for (const b of page.items) {
        const group = groups.get(Date.parse(b.bucketStart)) ?? [];
        expect(b.count).toBe(group.length);
        for (const [field, get] of [
          ['temperature', (r: TelemetryReading) => r.environmental.temperature],
          ['airQuality', (r: TelemetryReading) => r.environmental.airQuality],
          ['latency', (r: TelemetryReading) => r.network.latency],
          ['signalStrength', (r: TelemetryReading) => r.network.signalStrength],
        ] as const) {
          // the columns are `real`: compare with single-precision values
          const values = group.map((r) => Math.fround(get(r)));
          const agg = b[field];
          expect(agg.min).toBeCloseTo(Math.min(...values), 4);
          expect(agg.max).toBeCloseTo(Math.max(...values), 4);
          expect(agg.avg).toBeCloseTo(values.reduce((s, v) => s + v, 0) / values.length, 4);
        }
      }
    };
    const from = new Date(start - MINUTE);
    const to = new Date(start + 3 * 3_600_000);
    const minutes = await buckets(new GetTelemetryQuery(303, from, to, '1m', 500));
    expect(minutes.items).toHaveLength(4);
    expectBuckets(minutes, MINUTE);
    expect(minutes.nextCursor).toBeNull();
    expectBuckets(await buckets(new GetTelemetryQuery(303, from, to, '1h', 500)), 3_600_000);
    const days = await buckets(new GetTelemetryQuery(303, new Date(start - DAY_MS), to, '1d', 500));
    expect(days.items).toEqual([
      expect.objectContaining({ bucketStart: '2026-01-10T00:00:00.000Z', count: 48 }),
    ]);

    // buckets page too
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await buckets(new GetTelemetryQuery(303, from, to, '1m', 1, cursor));
      paged.push(...page.items.map((b) => `${b.bucketStart}:${b.count}`));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(minutes.items.map((b) => `${b.bucketStart}:${b.count}`));
  });

  it('refuses from ≥ to, a raw range over 31 days and a cursor of another bucket', async () => {
    const now = new Date();
    const invalid = async (q: GetTelemetryQuery) => {
      const error = await queries.execute(q).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('invalid');
      return (error as DomainError).details.map((d) => d.field);
    };
    expect(await invalid(new GetTelemetryQuery(1, now, now))).toEqual(['from']);
    expect(await invalid(new GetTelemetryQuery(1, new Date(now.getTime() - 32 * DAY_MS), now))).toEqual([
      'to',
    ]);
    const page = await raw(new GetTelemetryQuery(301, new Date(Date.now() - DAY_MS), now, 'raw', 1));
    expect(page.nextCursor).not.toBeNull();
    expect(
      await invalid(
        new GetTelemetryQuery(301, new Date(Date.now() - DAY_MS), now, '1h', 1, page.nextCursor ?? ''),
      ),
    ).toEqual(['cursor']);
  });
});
