import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LongReadEvents, LongReadKind, LongReadOutcome } from './long-read-gate';

/** Prometheus view of the long-read gate: what runs, what was refused, how long it took. */
export function longReadMetrics(registry: Registry): LongReadEvents {
  const active = new Gauge({
    name: 'long_reads_active',
    help: 'CSV exports and long telemetry ranges running in this process, by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  const refused = new Counter({
    name: 'long_reads_refused_total',
    help: 'Long reads refused with 429 because a concurrency cap was reached, by kind and cap',
    labelNames: ['kind', 'cap'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'long_read_duration_seconds',
    help: 'Time from admission to the end of the response of a long read, by kind and outcome',
    labelNames: ['kind', 'outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
    registers: [registry],
  });
  return {
    entered: (kind: LongReadKind) => active.inc({ kind }),
    refused: (kind: LongReadKind, cap: string) => refused.inc({ kind, cap }),
    released: (kind: LongReadKind, outcome: LongReadOutcome, seconds: number) => {
      active.dec({ kind });
      duration.observe({ kind, outcome }, seconds);
    },
  };
}
