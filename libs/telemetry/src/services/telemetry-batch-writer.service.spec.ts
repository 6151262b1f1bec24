import { Logger } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { DomainError, MetricsService } from '@app/core';
import { ReadingScorer, TelemetryBatchRecordedEvent, TelemetryReading } from '@app/contracts';
import type { TelemetryOptions } from '../telemetry.options';
import { readingKey } from './batch-plan';
import { aReading } from './reading.fixture';
import { TelemetryBatchWriter } from './telemetry-batch-writer.service';
import { RejectedReading } from './row-rejection';
import { InvalidReadingError, SinkBatch, StoreOutcome, TelemetrySink } from './telemetry-sink';

/** An in-memory table with the same uniqueness rule, that can be switched off like a database. */
class MemorySink extends TelemetrySink {
  readonly rows: TelemetryReading[] = [];
  readonly batches: number[] = [];
  private readonly keys = new Set<string>();
  down = false;
  failures = 0;

  async insert(readings: readonly TelemetryReading[]): Promise<SinkBatch> {
    await new Promise((r) => setTimeout(r, 1));
    if (this.down) {
      this.failures++;
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    }
    if (readings.some((r) => r.extra?.poison)) throw new InvalidReadingError('invalid input syntax');
    this.batches.push(readings.length);
    const outcomes = readings.map((r): StoreOutcome => {
      if (r.extra?.unstorable) return new RejectedReading('out_of_range', 'location.accuracy', 'too big');
      const key = r.seq === null ? null : readingKey(r.kioskId, r.seq, r.timestamp.getTime());
      if (key && this.keys.has(key)) return false;
      if (key) this.keys.add(key);
      this.rows.push(r);
      return true;
    });
    return { outcomes, path: 'copy' };
  }
}

const options = (o: Partial<TelemetryOptions> = {}): TelemetryOptions => ({
  retentionDays: 90,
  partitionsAheadDays: 7,
  batchMaxRows: 100,
  flushMs: 5,
  bufferMax: 1000,
  overloadWaitMs: 100,
  shutdownFlushMs: 200,
  ...o,
});

type Scorer = ReadingScorer['scoreBeforeStorage'];

/** Without a scorer nothing is bound, as in a process without the AI module. */
function setup(o: Partial<TelemetryOptions> = {}, scorer?: Scorer) {
  const sink = new MemorySink();
  const events: TelemetryBatchRecordedEvent[] = [];
  const bus = { publish: (e: TelemetryBatchRecordedEvent) => events.push(e) } as unknown as EventBus;
  const scored: number[] = [];
  const bound: ReadingScorer | undefined = scorer && {
    scoreBeforeStorage: (readings) => {
      scored.push(readings.length);
      return scorer(readings);
    },
  };
  const metrics = new MetricsService();
  const writer = new TelemetryBatchWriter(options(o), sink, bus, metrics, bound);
  return { sink, events, writer, scored, metrics };
}

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

describe('TelemetryBatchWriter', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(new Logger()));

  it('stores in arrival order, in batches of at most batchMaxRows, one event per batch', async () => {
    const { sink, events, writer } = setup({ batchMaxRows: 10 });
    const readings = Array.from({ length: 35 }, (_, i) => aReading({ seq: i }));
    const results = await Promise.all(readings.map((r) => writer.write(r)));
    expect(results.every((r) => r.stored && !r.duplicate)).toBe(true);
    expect(sink.rows.map((r) => r.seq)).toEqual(readings.map((r) => r.seq));
    expect(Math.max(...sink.batches)).toBeLessThanOrEqual(10);
    expect(events.flatMap((e) => e.readings)).toEqual(readings);
    expect(events).toHaveLength(sink.batches.length);
  });

  it('stores each reading with the score the AI module gave it before storage (NaN: unscored)', async () => {
    const { sink, writer } = setup({ batchMaxRows: 10 }, async (readings) =>
      Float32Array.from(readings, (r) => ((r.seq as number) % 2 ? Number.NaN : (r.seq as number) / 100)),
    );
    await Promise.all(Array.from({ length: 4 }, (_, i) => writer.write(aReading({ seq: i }))));
    expect(sink.rows.map((r) => r.anomalyScore)).toEqual([0, undefined, expect.closeTo(0.02, 5), undefined]);
  });

  it('stores unscored, and counts it, when scoring fails or hangs', async () => {
    const failing = setup({}, () => Promise.reject(new Error('onnxruntime exploded')));
    expect(await failing.writer.write(aReading({ seq: 1 }))).toEqual({ stored: true, duplicate: false });
    expect(failing.sink.rows[0]?.anomalyScore).toBeUndefined();

    const hanging = setup({}, () => new Promise<Float32Array>(() => undefined));
    const started = performance.now();
    expect(await hanging.writer.write(aReading({ seq: 1 }))).toEqual({ stored: true, duplicate: false });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await hanging.metrics.registry.getSingleMetricAsString('telemetry_unscored_total')).toMatch(
      /telemetry_unscored_total 1$/m,
    );
  });

  it('stores unscored, without counting it, when no model is active or no scorer is bound (no AI module)', async () => {
    const idle = setup({}, () => null);
    const none = setup();
    for (const { writer } of [idle, none]) {
      await writer.write(aReading({ seq: 1 }));
      await writer.write(aReading({ seq: 2 }));
    }
    expect(idle.scored).toEqual([1, 1]);
    for (const { sink, metrics } of [idle, none]) {
      expect(sink.rows.map((r) => r.anomalyScore)).toEqual([undefined, undefined]);
      expect(await metrics.registry.getSingleMetricAsString('telemetry_unscored_total')).toMatch(
        /telemetry_unscored_total 0$/m,
      );
    }
  });

  it('writes the next full batch while the previous one is still in the database, never more than two', async () => {
    const { sink, writer } = setup({ batchMaxRows: 10 });
    let running = 0;
    let most = 0;
    const insert = sink.insert.bind(sink);
    sink.insert = async (readings) => {
      most = Math.max(most, ++running);
      try {
        await new Promise((r) => setTimeout(r, 20));
        return await insert(readings);
      } finally {
        running--;
      }
    };
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => writer.write(aReading({ seq: i }))),
    );
    expect(results.every((r) => r.stored)).toBe(true);
    expect(most).toBe(2);
    expect(sink.rows).toHaveLength(50);
  });

  it('flushes a lone reading after flushMs', async () => {
    const { writer } = setup({ flushMs: 20 });
    const started = performance.now();
    await writer.write(aReading());
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(19);
    expect(took).toBeLessThan(200);
  });

  it('settles repeats within one batch and across batches as duplicates, stored once', async () => {
    const { sink, events, writer } = setup();
    const r = aReading({ seq: 5 });
    const first = await Promise.all([
      writer.write(r),
      writer.write({ ...r }),
      writer.write(aReading({ seq: 6 })),
    ]);
    expect(first).toEqual([
      { stored: true, duplicate: false },
      { stored: false, duplicate: true },
      { stored: true, duplicate: false },
    ]);
    expect(await writer.write({ ...r })).toEqual({ stored: false, duplicate: true });
    expect(sink.rows.filter((x) => x.seq === 5)).toHaveLength(1);
    // duplicates are not announced
    expect(events.flatMap((e) => e.readings).map((x) => x.seq)).toEqual([5, 6]);
  });

  it('keeps writes pending while the sink is down and stores them when it is back', async () => {
    const { sink, writer } = setup();
    sink.down = true;
    const pending = Array.from({ length: 20 }, (_, i) => settle(writer.write(aReading({ seq: i }))));
    await new Promise((r) => setTimeout(r, 400));
    expect(sink.failures).toBeGreaterThanOrEqual(2);
    expect(writer.backlog).toBe(20);
    sink.down = false;
    const results = await Promise.all(pending);
    expect(results.every((r) => 'value' in r && r.value.stored)).toBe(true);
    expect(sink.rows).toHaveLength(20);
  });

  it('applies backpressure: past bufferMax writes wait, then fail overloaded', async () => {
    const { sink, writer } = setup({ bufferMax: 5, overloadWaitMs: 80 });
    sink.down = true;
    const buffered = Array.from({ length: 5 }, (_, i) => settle(writer.write(aReading({ seq: i }))));
    const waited = Array.from({ length: 5 }, (_, i) => settle(writer.write(aReading({ seq: 10 + i }))));
    const refusedAtOnce = await settle(writer.write(aReading({ seq: 99 })));
    expect(refusedAtOnce).toEqual({ error: expect.objectContaining({ kind: 'overloaded' }) });
    const late = await Promise.all(waited);
    expect(late.every((r) => 'error' in r && (r.error as DomainError).kind === 'overloaded')).toBe(true);
    sink.down = false;
    expect((await Promise.all(buffered)).every((r) => 'value' in r && r.value.stored)).toBe(true);
    expect(sink.rows.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4]);
  });

  it('admits waiting writes, in order, as room frees up', async () => {
    const { sink, writer } = setup({ bufferMax: 3, batchMaxRows: 2, overloadWaitMs: 5000 });
    // 3 buffered and 3 waiting; a seventh would find as many waiting as the buffer holds
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => writer.write(aReading({ seq: i }))),
    );
    expect(results.every((r) => r.stored)).toBe(true);
    expect(sink.rows.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses only the reading the database refuses, not its batch', async () => {
    const { sink, writer } = setup();
    const results = await Promise.all(
      [aReading({ seq: 1 }), aReading({ seq: 2, extra: { poison: true } }), aReading({ seq: 3 })].map((r) =>
        settle(writer.write(r)),
      ),
    );
    expect(results[0]).toEqual({ value: { stored: true, duplicate: false } });
    expect(results[1]).toEqual({ error: expect.objectContaining({ kind: 'invalid' }) });
    expect(results[2]).toEqual({ value: { stored: true, duplicate: false } });
    expect(sink.rows.map((r) => r.seq)).toEqual([1, 3]);
  });

  it('flushes what is buffered on shutdown, and refuses writes from then on', async () => {
    const { sink, writer } = setup({ flushMs: 50 });
    const pending = writer.write(aReading({ seq: 1 }));
    await writer.beforeApplicationShutdown();
    expect(sink.rows).toHaveLength(1);
    await expect(pending).resolves.toEqual({ stored: true, duplicate: false });
    await expect(writer.write(aReading({ seq: 2 }))).rejects.toMatchObject({ kind: 'overloaded' });
  });

  it('gives up on unstored readings when shutdown runs out of time, so the process can exit', async () => {
    const { sink, writer } = setup({ shutdownFlushMs: 100 });
    sink.down = true;
    const pending = settle(writer.write(aReading()));
    await writer.beforeApplicationShutdown();
    expect(await pending).toEqual({ error: expect.objectContaining({ kind: 'overloaded' }) });
    expect(writer.backlog).toBe(0);
  });

  it('answers a reading the sink set aside invalid with its field, counts it by reason, and stores the rest', async () => {
    const { sink, writer, events, metrics } = setup();
    const results = await Promise.all(
      [aReading({ seq: 1 }), aReading({ seq: 2, extra: { unstorable: true } }), aReading({ seq: 3 })].map(
        (r) => settle(writer.write(r)),
      ),
    );
    expect(results[0]).toEqual({ value: { stored: true, duplicate: false } });
    expect(results[1]).toEqual({ error: expect.objectContaining({ kind: 'invalid' }) });
    expect((results[1] as { error: DomainError }).error.details).toEqual([
      { field: 'location.accuracy', message: 'too big' },
    ]);
    expect(sink.rows.map((r) => r.seq)).toEqual([1, 3]);
    expect(events.flatMap((e) => e.readings).map((r) => r.seq)).toEqual([1, 3]);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^telemetry_readings_set_aside_total\{reason="out_of_range"\} 1$/m);
    expect(text).toMatch(/^telemetry_batches_total\{path="copy"\} 1$/m);
    expect(text).toMatch(/^telemetry_batches_total\{path="row_by_row"\} 0$/m);
  });
});
