import { CommandBus } from '@nestjs/cqrs';
import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/core';
import { RecordTelemetryCommand, RecordTelemetryResult, TelemetryReading } from '@app/contracts';
import { TELEMETRY_MODULE, TelemetryBatchWriter } from '@app/telemetry';
import { API_DOMAIN_MODULES } from '../apps/api/src/domain-modules';
import { connectKiosk, emitWithAck, kioskUpdate, registerKiosk } from './support/kiosks';
import { startTestApp, TestApp } from './support/test-app';
import {
  collectAnnounced,
  storedRows,
  telemetryReading,
  setDatabaseConnections,
} from './support/telemetry-fixtures';

/**
 * Readings the store can never hold (CONTRACT §8): each is answered for good (`invalid`, never
 * `overloaded`), set aside alone, and its batch still goes in through binary COPY. Resends answer
 * duplicate without sending anyone's batch to the slower INSERT. The readings here are built in code:
 * the kiosk wire refuses most of these values before they get this far.
 */

type Outcome = { value: RecordTelemetryResult } | { error: unknown };
const settle = (p: Promise<RecordTelemetryResult>): Promise<Outcome> =>
  p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
const STORED: RecordTelemetryResult = { stored: true, duplicate: false };
const DUPLICATE: RecordTelemetryResult = { stored: false, duplicate: true };
const PATHS = ['copy', 'copy_retried', 'copy_deduped', 'insert', 'row_by_row'] as const;
const REASONS = [
  'out_of_range',
  'invalid_text',
  'not_null',
  'constraint',
  'unencodable',
  'data_exception',
] as const;

/** What a reading came to, in a form one assertion can compare: 'stored', 'duplicate', or the error. */
function summary(o: Outcome): string | { kind: string; details: unknown } {
  if ('value' in o) return o.value.stored ? 'stored' : o.value.duplicate ? 'duplicate' : 'neither';
  const e = o.error;
  return e instanceof DomainError ? { kind: e.kind, details: e.details } : { kind: String(e), details: [] };
}

interface Counters {
  paths: Record<(typeof PATHS)[number], number>;
  setAside: Record<(typeof REASONS)[number], number>;
}

describe('telemetry store: readings it cannot hold, and resends', () => {
  let t: TestApp;
  let ds: DataSource;
  let writer: TelemetryBatchWriter;
  const announced: TelemetryReading[] = [];

  async function counters(): Promise<Counters> {
    const text = (await t.http().get('/metrics').expect(200)).text;
    const read = (name: string, label: string, value: string) => {
      const m = new RegExp(`^${name}\\{${label}="${value}"\\} (\\d+)$`, 'm').exec(text);
      if (!m) throw new Error(`${name}{${label}="${value}"} missing from /metrics`);
      return Number(m[1]);
    };
    const paths = Object.fromEntries(PATHS.map((p) => [p, read('telemetry_batches_total', 'path', p)]));
    const setAside = Object.fromEntries(
      REASONS.map((r) => [r, read('telemetry_readings_set_aside_total', 'reason', r)]),
    );
    return { paths, setAside } as Counters;
  }

  /** How much each counter moved while `run` ran (only the ones that moved). */
  async function moved(run: () => Promise<unknown>): Promise<Record<string, number>> {
    const before = await counters();
    await run();
    const after = await counters();
    const out: Record<string, number> = {};
    for (const p of PATHS) if (after.paths[p] !== before.paths[p]) out[p] = after.paths[p] - before.paths[p];
    for (const r of REASONS) {
      if (after.setAside[r] !== before.setAside[r])
        out[`set_aside:${r}`] = after.setAside[r] - before.setAside[r];
    }
    return out;
  }

  /** Writes the readings at once (one batch: the flush waits 25 ms for company) and settles each. */
  const writeTogether = (readings: TelemetryReading[]) =>
    Promise.all(readings.map((r) => settle(writer.write(r))));

  beforeAll(async () => {
    t = await startTestApp({
      domainModules: API_DOMAIN_MODULES.filter((m) => m.name === 'kiosk' || m.name === 'telemetry'),
    });
    ds = t.app.get(DataSource);
    writer = t.app.get(TelemetryBatchWriter);
    collectAnnounced(t, announced);
  });
  afterAll(() => t?.close());

  it('sets aside a real beyond float4 and stores the rest of its batch in one COPY', async () => {
    let results: Outcome[] = [];
    const delta = await moved(async () => {
      results = await writeTogether([
        telemetryReading({ kioskId: 301, seq: 1 }),
        telemetryReading({ kioskId: 301, seq: 2, location: { lat: 1, lng: 2, accuracy: 1e39 } }),
        telemetryReading({ kioskId: 301, seq: 3 }),
        telemetryReading({ kioskId: 302, seq: 1 }),
      ]);
    });
    expect(results.map(summary)).toEqual([
      'stored',
      {
        kind: 'invalid',
        details: [{ field: 'location.accuracy', message: '1e+39 is out of range for type real' }],
      },
      'stored',
      'stored',
    ]);
    expect(delta).toEqual({ copy: 1, 'set_aside:out_of_range': 1 });
    expect((await storedRows(ds, 301)).map((x) => x.seq)).toEqual(['1', '3']);
    expect(announced.filter((r) => r.kioskId === 301).map((r) => r.seq)).toEqual([1, 3]);
  });

  it('sets aside text jsonb cannot hold, a BigInt, a timestamp before 4714 BC, each alone, still in one COPY', async () => {
    let results: Outcome[] = [];
    const delta = await moved(async () => {
      results = await writeTogether([
        telemetryReading({ kioskId: 303, seq: 1, extra: { note: 'nul \u0000 byte' } }),
        telemetryReading({ kioskId: 303, seq: 2, extra: { note: 'lone \udc00 surrogate' } }),
        telemetryReading({ kioskId: 303, seq: 3, extra: { n: 10n } }),
        telemetryReading({ kioskId: 303, seq: 4, timestamp: new Date(Date.UTC(-5000, 0, 1)) }),
        telemetryReading({
          kioskId: 303,
          seq: 5,
          extra: { ok: 'a pair 😀 and an escaped backslash \\u0000' },
        }),
      ]);
    });
    const fields = results.map((r) => {
      const s = summary(r);
      return typeof s === 'string' ? s : (s.details as Array<{ field: string }>)[0]?.field;
    });
    expect(fields).toEqual(['extra', 'extra', 'extra', 'timestamp', 'stored']);
    expect(delta).toEqual({
      copy: 1,
      'set_aside:invalid_text': 2,
      'set_aside:unencodable': 1,
      'set_aside:out_of_range': 1,
    });
    const [row] = (await ds.query(`SELECT extra FROM telemetry WHERE kiosk_id = 303`)) as Array<{
      extra: unknown;
    }>;
    expect(row?.extra).toEqual({ ok: 'a pair 😀 and an escaped backslash \\u0000' });
  });

  it('sets aside a row only the database refuses (a NOT NULL column) and COPYs the rest again, not row by row', async () => {
    const missing = telemetryReading({ kioskId: 304, seq: 2 });
    (missing.environmental as { temperature?: number }).temperature = undefined;
    let results: Outcome[] = [];
    const delta = await moved(async () => {
      results = await writeTogether([
        telemetryReading({ kioskId: 304, seq: 1 }),
        missing,
        telemetryReading({ kioskId: 304, seq: 3 }),
      ]);
    });
    expect(results.map(summary)).toEqual([
      'stored',
      {
        kind: 'invalid',
        details: [{ field: 'environmental.temperature', message: expect.stringContaining('not-null') }],
      },
      'stored',
    ]);
    expect(delta).toEqual({ copy_retried: 1, 'set_aside:not_null': 1 });
    expect((await storedRows(ds, 304)).map((x) => x.seq)).toEqual(['1', '3']);
  });

  it('answers a resend duplicate within one batch and across batches, and keeps the next batch on plain COPY', async () => {
    const first = [1, 2, 3].map((seq) => telemetryReading({ kioskId: 305, seq }));
    expect((await writeTogether(first)).map(summary)).toEqual(['stored', 'stored', 'stored']);

    const [, r2, r3] = first as [TelemetryReading, TelemetryReading, TelemetryReading];
    let results: Outcome[] = [];
    const resent = await moved(async () => {
      results = await writeTogether([
        { ...r2, receivedAt: new Date() },
        telemetryReading({ kioskId: 305, seq: 4 }),
        { ...r2, receivedAt: new Date() }, // twice in the same batch
        telemetryReading({ kioskId: 306, seq: 1 }),
        { ...r3, receivedAt: new Date() },
      ]);
    });
    expect(results.map((r) => ('value' in r ? r.value : r.error))).toEqual([
      DUPLICATE,
      STORED,
      DUPLICATE,
      STORED,
      DUPLICATE,
    ]);
    // the resends cost their own batch more COPYs and one index probe; no INSERT, no row by row
    expect(resent).toEqual({ copy_deduped: 1 });

    const next = await moved(() => writeTogether([telemetryReading({ kioskId: 305, seq: 5 })]));
    expect(next).toEqual({ copy: 1 });
    expect((await storedRows(ds, 305)).map((x) => x.seq)).toEqual(['1', '2', '3', '4', '5']);
    expect(announced.filter((r) => r.kioskId === 305).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('answers a whole batch of resends duplicate (a commit whose reply was lost, written again)', async () => {
    const batch = Array.from({ length: 40 }, (_, i) => telemetryReading({ kioskId: 307, seq: i }));
    expect((await writeTogether(batch)).every((r) => 'value' in r && r.value.stored)).toBe(true);
    let results: Outcome[] = [];
    const delta = await moved(async () => {
      results = await writeTogether(batch.map((r) => ({ ...r, receivedAt: new Date() })));
    });
    expect(results.every((r) => 'value' in r && r.value.duplicate)).toBe(true);
    expect(delta).toEqual({ copy_deduped: 1 });
    expect(await storedRows(ds, 307)).toHaveLength(40);
  });

  it('falls back to row by row only when rows keep being refused, and still settles each reading right', async () => {
    const bad = (seq: number) => {
      const r = telemetryReading({ kioskId: 308, seq });
      (r.hardware as { cpuTemp?: number }).cpuTemp = undefined;
      return r;
    };
    let results: Outcome[] = [];
    const delta = await moved(async () => {
      results = await writeTogether([
        bad(1),
        telemetryReading({ kioskId: 308, seq: 2 }),
        bad(3),
        bad(4),
        bad(5),
        bad(6),
        telemetryReading({ kioskId: 308, seq: 7 }),
      ]);
    });
    expect(results.map((r) => (typeof summary(r) === 'string' ? summary(r) : 'invalid'))).toEqual([
      'invalid',
      'stored',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'stored',
    ]);
    expect(delta).toEqual({ row_by_row: 1, 'set_aside:not_null': 5 });
    expect((await storedRows(ds, 308)).map((x) => x.seq)).toEqual(['2', '7']);
  });

  it('answers a reading the store cannot hold invalid through the command bus, never overloaded', async () => {
    const commands = t.app.get(CommandBus);
    const outcome = await settle(
      commands.execute<RecordTelemetryCommand, RecordTelemetryResult>(
        new RecordTelemetryCommand(
          telemetryReading({
            kioskId: 309,
            seq: 1,
            environmental: { temperature: -1e40, humidity: 1, airQuality: 1 },
          }),
        ),
      ),
    );
    expect(summary(outcome)).toEqual({
      kind: 'invalid',
      details: [{ field: 'environmental.temperature', message: '-1e+40 is out of range for type real' }],
    });
  });

  it('answers the 1e39 reading invalid_payload on the kiosk wire, and the kiosk’s next reading ok', async () => {
    const k = await registerKiosk(t);
    const socket: Socket = await connectKiosk(t, k);
    try {
      await emitWithAck(socket, 'kiosk_join', {
        serial: k.serial,
        capabilities: { sensors: [], peripherals: [], features: [] },
      });
      const poison = await emitWithAck<{ ok: boolean; error?: { code: string; details?: unknown[] } }>(
        socket,
        'kiosk_update',
        kioskUpdate(1, { location: { lat: 1, lng: 2, accuracy: 1e39 } }),
      );
      expect(poison.ok).toBe(false);
      expect(poison.error?.code).toBe('invalid_payload');
      expect(poison.error?.details?.length).toBeGreaterThan(0);
      expect(await emitWithAck(socket, 'kiosk_update', kioskUpdate(2))).toEqual({ ok: true });
    } finally {
      socket.close();
    }
  });
});

describe('telemetry store: an outage is transient, a bad row is not', () => {
  let t: TestApp;
  let dbName: string;
  const setConnections = (allow: boolean) => setDatabaseConnections(dbName, allow);

  beforeAll(async () => {
    t = await startTestApp({
      domainModules: [TELEMETRY_MODULE],
      env: { TELEMETRY_BUFFER_MAX: '6', TELEMETRY_OVERLOAD_WAIT_MS: '200' },
    });
    dbName = new URL(t.databaseUrl).pathname.slice(1);
  });
  afterAll(async () => {
    await setConnections(true);
    await t?.close();
  });

  it('answers excess readings overloaded while the backends are terminated, then the bad row invalid and the rest stored', async () => {
    const writer = t.app.get(TelemetryBatchWriter);
    await setConnections(false);
    const buffered = [
      telemetryReading({ kioskId: 400, seq: 1 }),
      telemetryReading({ kioskId: 400, seq: 2, location: { lat: 1, lng: 2, accuracy: 1e39 } }),
      ...[3, 4, 5, 6].map((seq) => telemetryReading({ kioskId: 400, seq })),
    ].map((r) => settle(writer.write(r)));
    const excess = await Promise.all(
      [7, 8, 9].map((seq) => settle(writer.write(telemetryReading({ kioskId: 400, seq })))),
    );
    expect(excess.map((r) => ('error' in r && r.error instanceof DomainError ? r.error.kind : r))).toEqual([
      'overloaded',
      'overloaded',
      'overloaded',
    ]);
    await new Promise((r) => setTimeout(r, 300));
    // a lost connection is not the reading's fault: nothing was answered while the database was gone
    expect(writer.backlog).toBe(6);

    await setConnections(true);
    const settled = (await Promise.all(buffered)).map(summary);
    expect(settled.map((s) => (typeof s === 'string' ? s : s.kind))).toEqual([
      'stored',
      'invalid',
      'stored',
      'stored',
      'stored',
      'stored',
    ]);
    const seqs = (await storedRows(t.app.get(DataSource), 400))
      .map((x) => Number(x.seq))
      .sort((a, b) => a - b);
    expect(seqs).toEqual([1, 3, 4, 5, 6]);
  });
});
