import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SET_ASIDE_REASONS, SetAsideReason } from './row-rejection';
import { WRITE_PATHS, WritePath } from './telemetry-sink';

type ResultCounter = { inc(value?: number): void };

/** The writer's Prometheus metrics: touched once per batch, never per reading. */
export class TelemetryMetrics {
  readonly stored: ResultCounter;
  readonly duplicate: ResultCounter;
  readonly overloaded: ResultCounter;
  readonly invalid: ResultCounter;
  readonly batchSeconds: Histogram;
  readonly batchRows: Histogram;
  readonly flushFailures: Counter;
  readonly unscored: Counter;
  /** Readings the store can never hold, by why: answered `invalid_payload`, the rest of their batch stored. */
  readonly setAside: Readonly<Record<SetAsideReason, ResultCounter>>;
  /** Committed batches by the path they took; anything but `copy` is a slower one. */
  readonly batches: Readonly<Record<WritePath, ResultCounter>>;

  constructor(registry: Registry, pending: () => number) {
    const readings = new Counter({
      name: 'telemetry_readings_total',
      help: 'Telemetry readings settled by the store, by result',
      labelNames: ['result'],
      registers: [registry],
    });
    // Bound children skip the label lookup on every increment.
    this.stored = readings.labels('stored');
    this.duplicate = readings.labels('duplicate');
    this.overloaded = readings.labels('overloaded');
    this.invalid = readings.labels('invalid');
    this.batchSeconds = new Histogram({
      name: 'telemetry_batch_seconds',
      help: 'Time to commit one telemetry batch, retries included',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
      registers: [registry],
    });
    this.batchRows = new Histogram({
      name: 'telemetry_batch_rows',
      help: 'Readings per committed telemetry batch',
      buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
      registers: [registry],
    });
    new Gauge({
      name: 'telemetry_buffer_pending',
      help: 'Telemetry readings buffered or being written, not yet committed',
      registers: [registry],
      // Read at scrape time, so the hot path never updates it.
      collect() {
        this.set(pending());
      },
    });
    this.flushFailures = new Counter({
      name: 'telemetry_flush_failures_total',
      help: 'Failed attempts to write a telemetry batch (each is retried)',
      registers: [registry],
    });
    const setAside = new Counter({
      name: 'telemetry_readings_set_aside_total',
      help: 'Telemetry readings the store cannot hold (set aside from their batch, answered invalid_payload), by reason',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.setAside = bindAll(SET_ASIDE_REASONS, (reason) => setAside.labels(reason));
    const batches = new Counter({
      name: 'telemetry_batches_total',
      help: 'Telemetry batches written, by the slowest path each took (copy is the fast one)',
      labelNames: ['path'],
      registers: [registry],
    });
    this.batches = bindAll(WRITE_PATHS, (path) => batches.labels(path));
    this.unscored = new Counter({
      name: 'telemetry_unscored_total',
      help: 'Readings stored without an anomaly score because scoring failed or took too long',
      registers: [registry],
    });
  }
}

/** One bound child per label value, created up front so each series reads 0 before it first moves. */
function bindAll<K extends string>(
  keys: readonly K[],
  bind: (key: K) => ResultCounter,
): Record<K, ResultCounter> {
  const out = {} as Record<K, ResultCounter>;
  for (const key of keys) {
    out[key] = bind(key);
    out[key].inc(0);
  }
  return out;
}
