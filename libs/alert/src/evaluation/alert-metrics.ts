import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '@app/core';

/** The alert module's Prometheus metrics: touched once per batch or per alert, never per reading. */
@Injectable()
export class AlertMetrics {
  /** Server clock from a reading's arrival to the AlertRaised it caused (after commit). */
  readonly raiseLatency: Histogram;
  readonly evaluatedReadings: Counter;
  readonly evaluationSeconds: Histogram;
  /** GPS fixes location drift skipped: no accuracy, or worse than 100 m (counted per batch). */
  readonly driftFixesIgnored: Counter;

  constructor(metrics: MetricsService) {
    this.raiseLatency = new Histogram({
      name: 'alert_raise_latency_seconds',
      help: 'From the arrival of the reading that opened a telemetry alert to its AlertRaised event',
      buckets: [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2, 5],
      registers: [metrics.registry],
    });
    this.evaluatedReadings = new Counter({
      name: 'alert_evaluated_readings_total',
      help: 'Readings evaluated against the telemetry rules on this instance',
      registers: [metrics.registry],
    });
    this.evaluationSeconds = new Histogram({
      name: 'alert_evaluation_seconds',
      help: 'CPU-bound evaluation of one telemetry batch against the rules (state rebuilds excluded)',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05],
      registers: [metrics.registry],
    });
    this.driftFixesIgnored = new Counter({
      name: 'alert_location_fixes_ignored_total',
      help: 'Readings whose GPS fix location drift ignored (no accuracy, or accuracy worse than 100 m)',
      registers: [metrics.registry],
    });
    const driftSizeOf = () => this.driftStateSize();
    new Gauge({
      name: 'alert_location_drift_states',
      help: 'Kiosks away from their registered location, or with a drift alert firing, in memory here',
      registers: [metrics.registry],
      collect() {
        this.set(driftSizeOf());
      },
    });
    const sizeOf = () => this.stateSize();
    new Gauge({
      name: 'alert_rule_states',
      help: '(kiosk, rule) pairs whose condition is holding or whose alert is firing, in memory here',
      registers: [metrics.registry],
      collect() {
        this.set(sizeOf());
      },
    });
  }

  /** Read at scrape time: set by the evaluation once it exists. */
  stateSize: () => number = () => 0;
  driftStateSize: () => number = () => 0;
}
