import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { REQUEST_INPUT_REFUSALS } from '../http/json-body-guard';

/**
 * One Prometheus registry per process. Modules register their own metrics on it (hot paths:
 * telemetry ingest, command delivery, queue depth) through MetricsService.registry.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Requests refused before routing by the input guards (see requestInputGuards). */
  readonly httpRefused: Counter<'reason'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route template',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.httpRefused = new Counter({
      name: 'http_requests_refused_total',
      help: 'REST requests refused before routing: JSON nested too deep, NUL or lone surrogates, NUL in the URL',
      labelNames: ['reason'],
      registers: [this.registry],
    });
    for (const reason of REQUEST_INPUT_REFUSALS) this.httpRefused.inc({ reason }, 0);
  }
}

/**
 * Express middleware timing every request. The route template (not the raw URL) keeps label
 * cardinality bounded; it is known once routing is done, so it is read when the response finishes.
 */
export function httpMetricsMiddleware(metrics: MetricsService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      end({
        method: req.method,
        route: route ? `${req.baseUrl}${route}` : 'unmatched',
        status: String(res.statusCode),
      });
    });
    next();
  };
}
