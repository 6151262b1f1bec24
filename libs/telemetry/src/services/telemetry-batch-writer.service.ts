import { BeforeApplicationShutdown, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { DomainError, MetricsService } from '@app/core';
import {
  READING_SCORER,
  ReadingScorer,
  RecordTelemetryResult,
  TelemetryBatchRecordedEvent,
  TelemetryReading,
} from '@app/contracts';
import { TELEMETRY_OPTIONS, TelemetryOptions } from '../telemetry.options';
import { findInBatchDuplicates } from './batch-plan';
import { Fifo } from './fifo';
import { retryDelayMs } from './retry-backoff';
import { TelemetryMetrics } from './telemetry-metrics';
import { RejectedReading, rejectionOfDatabase } from './row-rejection';
import { isInvalidReadingError, SinkBatch, StoreOutcome, TelemetrySink } from './telemetry-sink';

interface Entry {
  reading: TelemetryReading;
  /** performance.now() at arrival: drives the flush deadline and the overload deadline. */
  at: number;
  resolve(result: RecordTelemetryResult): void;
  reject(error: unknown): void;
}

// Shared and frozen: settling a reading allocates nothing.
const STORED: RecordTelemetryResult = Object.freeze({ stored: true, duplicate: false });
const DUPLICATE: RecordTelemetryResult = Object.freeze({ stored: false, duplicate: true });

const overloaded = () =>
  new DomainError('overloaded', 'The telemetry store is overloaded; send the reading again later');
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Bound when the AI module is not mounted (nothing provides READING_SCORER): rows are stored unscored. */
const NO_SCORER: ReadingScorer = { scoreBeforeStorage: () => null };

/** Scoring is a micro-batched in-process model run, a few ms; this only bounds a stuck one. */
const SCORING_TIMEOUT_MS = 500;

/** Two: one being serialised or parsed here while the other runs in the database; more only queue in the pool. */
const MAX_IN_FLIGHT = 2;

/**
 * The only way readings reach the `telemetry` table. A `write` resolves once the batch holding the
 * reading has committed, so a kiosk acknowledged by the gateway never loses that reading:
 *
 * - Readings are cut into batches in arrival order, when `batchMaxRows` are pending or `flushMs`
 *   after the oldest pending one arrived. Up to MAX_IN_FLIGHT batches (one COPY each) are written
 *   at once, so the next batch is serialised while the database works on the previous one; their
 *   commits may finish out of order, which no consumer depends on (a kiosk reports every few
 *   seconds, and every projection keeps the reading with the newest timestamp).
 * - A failing batch is retried with backoff for as long as the process lives; its promises stay
 *   pending, the kiosks stay unacknowledged, nothing is dropped.
 * - A reading the store can never hold (a value beyond its column's type, text PostgreSQL refuses)
 *   is not a failure of the batch: it is set aside and answered `invalid` (the kiosk hears
 *   `invalid_payload`, never `overloaded`), and the rest of the batch is stored.
 * - Memory is bounded: past `bufferMax` readings buffered or in flight, writes queue up without
 *   entering the buffer (backpressure: their acks wait), and one that waited `overloadWaitMs`, or
 *   finds as many already waiting, fails with `overloaded`.
 */
@Injectable()
export class TelemetryBatchWriter implements BeforeApplicationShutdown {
  private readonly logger = new Logger(TelemetryBatchWriter.name);
  private readonly metrics: TelemetryMetrics;
  private readonly pending = new Fifo<Entry>();
  /** Writes that found the buffer full, oldest first. */
  private readonly waiting = new Fifo<Entry>();
  /** Readings pending plus those of the batch being written. */
  private buffered = 0;
  private inFlight = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private waitTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private abandoned: DomainError | undefined;
  private wakeRetry: (() => void) | undefined;
  private idleListeners: Array<() => void> = [];
  private readonly scorer: ReadingScorer;

  constructor(
    @Inject(TELEMETRY_OPTIONS) private readonly options: TelemetryOptions,
    private readonly sink: TelemetrySink,
    private readonly events: EventBus,
    metrics: MetricsService,
    @Optional() @Inject(READING_SCORER) scorer?: ReadingScorer,
  ) {
    this.metrics = new TelemetryMetrics(metrics.registry, () => this.backlog);
    this.scorer = scorer ?? NO_SCORER;
  }

  /** Readings accepted or waiting for room, not yet settled. */
  get backlog(): number {
    return this.buffered + this.waiting.size;
  }

  write(reading: TelemetryReading): Promise<RecordTelemetryResult> {
    if (this.closing) {
      return Promise.reject(new DomainError('overloaded', 'The telemetry store is shutting down'));
    }
    // toISOString() would throw inside the flush; refuse the one reading here instead.
    if (Number.isNaN(reading.timestamp.getTime()) || Number.isNaN(reading.receivedAt.getTime())) {
      this.metrics.setAside.out_of_range.inc();
      return Promise.reject(
        new DomainError('invalid', 'Invalid telemetry reading', [
          { field: 'timestamp', message: 'invalid date' },
        ]),
      );
    }
    return new Promise<RecordTelemetryResult>((resolve, reject) => {
      const entry: Entry = { reading, at: performance.now(), resolve, reject };
      // Once anyone waits, newcomers queue behind them so arrival order holds.
      if (this.waiting.size === 0 && this.buffered < this.options.bufferMax) this.enqueue(entry);
      else this.wait(entry);
    });
  }

  /** Flushes what is buffered (bounded by `shutdownFlushMs`) before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.schedule();
    if (this.isIdle()) return;
    const drained = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), this.options.shutdownFlushMs);
      this.idleListeners.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!drained) this.abandon();
  }

  private enqueue(entry: Entry): void {
    this.pending.push(entry);
    this.buffered++;
    this.schedule();
  }

  private wait(entry: Entry): void {
    if (this.options.overloadWaitMs === 0 || this.waiting.size >= this.options.bufferMax) {
      this.metrics.overloaded.inc();
      entry.reject(overloaded());
      return;
    }
    this.waiting.push(entry);
    this.armWaitTimer();
  }

  private armWaitTimer(): void {
    const head = this.waiting.peek();
    if (this.waitTimer || !head) return;
    const delay = Math.max(0, head.at + this.options.overloadWaitMs - performance.now());
    this.waitTimer = setTimeout(this.expireWaiting, delay);
  }

  private readonly expireWaiting = (): void => {
    this.waitTimer = undefined;
    const deadline = performance.now() - this.options.overloadWaitMs;
    let expired = 0;
    // Arrival order makes the expired ones a prefix of the queue.
    for (let head = this.waiting.peek(); head && head.at <= deadline; head = this.waiting.peek()) {
      this.waiting.shift();
      head.reject(overloaded());
      expired++;
    }
    if (expired) this.metrics.overloaded.inc(expired);
    this.armWaitTimer();
    this.notifyIfIdle();
  };

  private admitWaiting(): void {
    while (this.waiting.size && this.buffered < this.options.bufferMax) {
      this.enqueue(this.waiting.shift() as Entry);
    }
    if (!this.waiting.size && this.waitTimer) {
      clearTimeout(this.waitTimer);
      this.waitTimer = undefined;
    }
  }

  /** Starts a flush if one is due, or arms the single timer for when the oldest reading is. */
  private schedule(): void {
    if (this.inFlight >= MAX_IN_FLIGHT) return;
    const size = this.pending.size;
    if (size === 0) return;
    if (size < this.options.batchMaxRows && !this.closing) {
      if (this.flushTimer) return;
      const delay = (this.pending.peek() as Entry).at + this.options.flushMs - performance.now();
      if (delay > 0) {
        this.flushTimer = setTimeout(this.onFlushTimer, delay);
        return;
      }
    }
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    void this.flush();
  }

  private readonly onFlushTimer = (): void => {
    this.flushTimer = undefined;
    this.schedule();
  };

  private async flush(): Promise<void> {
    this.inFlight++;
    const n = Math.min(this.pending.size, this.options.batchMaxRows);
    const batch = new Array<Entry>(n);
    for (let i = 0; i < n; i++) batch[i] = this.pending.shift() as Entry;
    // What is left may already make the next batch: start it while this one is in the database.
    this.schedule();
    try {
      await this.commit(batch);
    } catch (e) {
      // Only when shutdown gave up on the batch: the readings were never acknowledged.
      for (const entry of batch) entry.reject(e);
    } finally {
      this.buffered -= n;
      this.inFlight--;
    }
    this.admitWaiting();
    this.schedule();
    this.notifyIfIdle();
  }

  private async commit(batch: readonly Entry[]): Promise<void> {
    const started = performance.now();
    const readings = batch.map((e) => e.reading);
    const dupOf = findInBatchDuplicates(readings);
    const unique = dupOf ? readings.filter((_, i) => dupOf[i] === -1) : readings;
    await this.scoreBeforeStorage(unique);
    const { outcomes, path } = await this.store(unique);

    const stored: TelemetryReading[] = [];
    const settled: Array<RecordTelemetryResult | Error> | undefined = dupOf
      ? new Array(batch.length)
      : undefined;
    let duplicates = 0;
    let invalid = 0;
    let u = 0;
    for (let i = 0; i < batch.length; i++) {
      const entry = batch[i] as Entry;
      const first = dupOf ? (dupOf[i] as number) : -1;
      let result: RecordTelemetryResult | Error;
      if (first === -1) {
        const outcome = outcomes[u++] as StoreOutcome;
        result = outcome === true ? STORED : outcome === false ? DUPLICATE : this.setAside(outcome);
      } else {
        // The copy shares the fate of the first reading of its (kiosk, seq, timestamp).
        const firstResult = (settled as Array<RecordTelemetryResult | Error>)[first];
        result = firstResult instanceof Error ? firstResult : DUPLICATE;
      }
      if (settled) settled[i] = result;
      if (result instanceof Error) {
        invalid++;
        entry.reject(result);
      } else {
        if (result === STORED) stored.push(entry.reading);
        else duplicates++;
        entry.resolve(result);
      }
    }

    if (stored.length) this.metrics.stored.inc(stored.length);
    if (duplicates) this.metrics.duplicate.inc(duplicates);
    if (invalid) this.metrics.invalid.inc(invalid);
    this.metrics.batches[path].inc();
    this.metrics.batchRows.observe(batch.length);
    this.metrics.batchSeconds.observe((performance.now() - started) / 1000);
    if (!stored.length) return;
    try {
      this.events.publish(new TelemetryBatchRecordedEvent(stored));
    } catch (e) {
      // The readings are committed and acknowledged; a broken listener must not stop the writer.
      this.logger.error(`publishing TelemetryBatchRecordedEvent failed: ${messageOf(e)}`);
    }
  }

  /**
   * Asks the scorer (the AI module's) for the readings' anomaly scores, stored with them. Storage
   * never waits on it for long nor fails because of it: past SCORING_TIMEOUT_MS, or on an error, the
   * rows go unscored.
   */
  private async scoreBeforeStorage(readings: TelemetryReading[]): Promise<void> {
    if (!readings.length) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      const scoring = this.scorer.scoreBeforeStorage(readings);
      if (scoring === null) return;
      const scores = await Promise.race([
        scoring,
        new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), SCORING_TIMEOUT_MS))),
      ]);
      if (scores === null) {
        this.metrics.unscored.inc(readings.length);
        return;
      }
      for (let i = 0; i < readings.length; i++) {
        const score = scores[i] as number;
        if (!Number.isNaN(score)) (readings[i] as TelemetryReading).anomalyScore = score;
      }
    } catch (e) {
      this.metrics.unscored.inc(readings.length);
      this.logger.warn(`scoring ${readings.length} reading(s) before storage failed: ${messageOf(e)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The permanent refusal of one reading, as the kiosk hears it (`invalid_payload` with details). */
  private setAside(rejected: RejectedReading): DomainError {
    this.metrics.setAside[rejected.reason].inc();
    return new DomainError('invalid', 'The telemetry store cannot hold this reading; do not resend it', [
      { field: rejected.field, message: rejected.message },
    ]);
  }

  /**
   * Per reading: stored (true), already stored before (false), or refused for good. The sink sets
   * aside the readings it can tell apart; only a refusal naming no reading is split here.
   */
  private async store(readings: readonly TelemetryReading[]): Promise<SinkBatch> {
    if (!readings.length) return { outcomes: [], path: 'copy' };
    try {
      return await this.insertRetrying(readings);
    } catch (e) {
      if (!isInvalidReadingError(e)) throw e;
      if (readings.length === 1) return { outcomes: [rejectionOfDatabase(e, undefined)], path: 'row_by_row' };
      // One bad reading must not hold back the rest: find it by writing them one at a time.
      this.logger.warn(`a telemetry batch was refused (${messageOf(e)}); writing its readings one by one`);
      const outcomes: StoreOutcome[] = [];
      for (const reading of readings) {
        try {
          outcomes.push(...(await this.insertRetrying([reading])).outcomes);
        } catch (single) {
          if (!isInvalidReadingError(single)) throw single;
          outcomes.push(rejectionOfDatabase(single, undefined));
        }
      }
      return { outcomes, path: 'row_by_row' };
    }
  }

  private async insertRetrying(readings: readonly TelemetryReading[]): Promise<SinkBatch> {
    for (let attempt = 0; ; attempt++) {
      if (this.abandoned) throw this.abandoned;
      try {
        const stored = await this.sink.insert(readings);
        if (attempt > 0) this.logger.log(`telemetry store recovered after ${attempt} failed attempt(s)`);
        return stored;
      } catch (e) {
        if (isInvalidReadingError(e)) throw e;
        this.metrics.flushFailures.inc();
        if (attempt % 10 === 0) {
          this.logger.warn(
            `writing ${readings.length} telemetry reading(s) failed (attempt ${attempt + 1}), ` +
              `retrying with backoff; ${this.backlog} waiting: ${messageOf(e)}`,
          );
        }
        await this.pause(retryDelayMs(attempt));
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeRetry = undefined;
        resolve();
      }, ms);
      this.wakeRetry = () => {
        clearTimeout(timer);
        this.wakeRetry = undefined;
        resolve();
      };
    });
  }

  private isIdle(): boolean {
    return this.buffered === 0 && this.waiting.size === 0;
  }

  private notifyIfIdle(): void {
    if (!this.idleListeners.length || !this.isIdle()) return;
    const listeners = this.idleListeners;
    this.idleListeners = [];
    for (const listener of listeners) listener();
  }

  /** Shutdown ran out of time: settle everything still unsettled as not stored. */
  private abandon(): void {
    const error = new DomainError(
      'overloaded',
      'The telemetry store shut down before the reading was stored',
    );
    this.abandoned = error;
    for (const timer of [this.flushTimer, this.waitTimer]) if (timer) clearTimeout(timer);
    this.flushTimer = this.waitTimer = undefined;
    this.wakeRetry?.();
    const pending = this.pending.drain();
    this.buffered -= pending.length;
    const lost = [...pending, ...this.waiting.drain()];
    for (const entry of lost) entry.reject(error);
    this.logger.error(
      `shut down with ${lost.length + this.buffered} telemetry ` +
        `reading(s) not stored; they were never acknowledged, so kiosks send them again`,
    );
  }
}
