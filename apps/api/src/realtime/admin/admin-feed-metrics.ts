import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '@app/core';

/** Why an `/admin` handshake was refused (the `connect_error` message the client sees). */
export type FeedRefusal = 'unauthorized' | 'too_many_connections' | 'unavailable';

/** What the admin feed turned away: handshakes it refused and readers too slow to keep. */
@Injectable()
export class AdminFeedMetrics {
  readonly refused: Counter<'reason'>;
  readonly slowConsumers: Counter<'transport'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.refused = new Counter({
      name: 'admin_feed_connections_refused_total',
      help: 'Admin feed handshakes refused, by the connect_error message sent',
      labelNames: ['reason'],
      registers,
    });
    this.slowConsumers = new Counter({
      name: 'admin_feed_slow_consumer_disconnects_total',
      help: 'Admin feed sockets closed because more than ADMIN_FEED_MAX_BUFFERED_BYTES waited unsent',
      labelNames: ['transport'],
      registers,
    });
  }
}
