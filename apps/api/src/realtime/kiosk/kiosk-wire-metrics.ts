import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '@app/core';

/** Hot-path counters of the kiosk socket: what arrived, what was refused and why, how fast acks go. */
@Injectable()
export class KioskWireMetrics {
  readonly messages: Counter<'event'>;
  readonly errors: Counter<'code'>;
  readonly sockets: Gauge;
  readonly ackSeconds: Histogram;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.messages = new Counter({
      name: 'kiosk_messages_total',
      help: 'Kiosk socket messages received',
      labelNames: ['event'],
      registers,
    });
    this.errors = new Counter({
      name: 'kiosk_errors_total',
      help: 'Kiosk messages refused, by wire error code',
      labelNames: ['code'],
      registers,
    });
    this.sockets = new Gauge({
      name: 'kiosk_sockets',
      help: 'Kiosk sockets open on this instance',
      registers,
    });
    this.ackSeconds = new Histogram({
      name: 'kiosk_update_ack_seconds',
      help: 'kiosk_update receipt to acknowledgement (reading committed)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
  }
}
