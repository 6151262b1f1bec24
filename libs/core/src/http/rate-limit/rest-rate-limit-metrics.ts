import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { ALL_ROLES } from '@app/contracts';
import { MetricsService } from '../../metrics/metrics';

/** The REST rate limiter's Prometheus series: refusals by role, its own latency and failures. */
@Injectable()
export class RestRateLimitMetrics {
  readonly limited: Counter<'role'>;
  readonly checkSeconds: Histogram;
  readonly failedOpen: Counter;

  constructor(metrics: MetricsService) {
    this.limited = new Counter({
      name: 'rest_rate_limited_total',
      help: 'Authenticated REST calls refused with 429 because their principal spent its budget, by role',
      labelNames: ['role'],
      registers: [metrics.registry],
    });
    for (const role of ALL_ROLES) this.limited.inc({ role }, 0);
    this.checkSeconds = new Histogram({
      name: 'rest_rate_limit_check_seconds',
      help: 'Time one REST rate-limit check took (one Redis round trip), failures included',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [metrics.registry],
    });
    this.failedOpen = new Counter({
      name: 'rest_rate_limit_errors_total',
      help: 'REST calls let through unchecked because the rate limiter could not reach Redis in time (fail open)',
      registers: [metrics.registry],
    });
  }
}
