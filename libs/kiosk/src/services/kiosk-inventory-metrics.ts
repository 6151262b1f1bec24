import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '@app/core';

/** Inventory reports by outcome; `failed` ones left the inventory as it was until the next join. */
@Injectable()
export class KioskInventoryMetrics {
  readonly reports: Counter<'result'>;

  constructor(metrics: MetricsService) {
    const name = 'kiosk_inventory_reports_total';
    this.reports =
      (metrics.registry.getSingleMetric(name) as Counter<'result'> | undefined) ??
      new Counter({
        name,
        help: 'kiosk_join inventory reports (firmware, capabilities) by result: firmware_changed, changed, unchanged, failed',
        labelNames: ['result'],
        registers: [metrics.registry],
      });
  }
}
