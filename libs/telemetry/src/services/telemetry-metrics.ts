import { Counter, Gauge, Histogram, Registry } from 'prom-client';

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
    this.unscored = new Counter({
      name: 'telemetry_unscored_total',
      help: 'Readings stored without an anomaly score because scoring failed or took too long',
      registers: [registry],
    });
  }
}
