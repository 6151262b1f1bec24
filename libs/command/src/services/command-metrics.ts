import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '@app/core';

/** The command module's Prometheus metrics for refused requests and reconciled late answers. */
@Injectable()
export class CommandMetrics {
  /** Command requests refused before anything was stored, by reason. */
  readonly refused: Counter<'reason'>;
  /** Final answers that arrived after the command had expired and were applied anyway, by command. */
  readonly lateSuccess: Counter<'command'>;

  constructor(metrics: MetricsService) {
    // The API mounts the module once, but a test or CLI may build it twice in one registry.
    this.refused = reuse(
      metrics,
      'kiosk_commands_refused_total',
      () =>
        new Counter({
          name: 'kiosk_commands_refused_total',
          help: 'Command requests refused before anything was stored, by reason',
          labelNames: ['reason'],
          registers: [metrics.registry],
        }),
    );
    this.lateSuccess = reuse(
      metrics,
      'kiosk_commands_late_success_total',
      () =>
        new Counter({
          name: 'kiosk_commands_late_success_total',
          help: 'Success acks that arrived after their command expired and were reconciled (refunds)',
          labelNames: ['command'],
          registers: [metrics.registry],
        }),
    );
  }
}

function reuse<T extends Counter<string>>(metrics: MetricsService, name: string, create: () => T): T {
  return (metrics.registry.getSingleMetric(name) as T | undefined) ?? create();
}
