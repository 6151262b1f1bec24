import { Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '@app/core';
import { AdminFeedEventName, AdminFeedEvents, FEED_ALL, feedKioskRoom } from '@app/contracts';
import { AdminFeedAudience } from './admin-feed-audience';

/**
 * Pushes one admin-feed event about one kiosk to everyone who may see it: admins (`FEED_ALL`) and
 * the kiosk's assignee (its room), in a single emit so a socket in both rooms gets it once.
 *
 * Two implementations, because each domain event happens in exactly one process and is forwarded
 * there: API instances emit through their `/admin` namespace (the Redis adapter carries it to the
 * other instances), the worker, which holds no sockets, through a Redis emitter. Nothing is sent
 * while nobody, on any instance, has the feed open.
 */
export abstract class AdminFeedPublisher {
  protected readonly logger = new Logger(AdminFeedPublisher.name);
  private readonly emitted: Counter<'event'>;

  protected constructor(
    metrics: MetricsService,
    private readonly audience: AdminFeedAudience,
  ) {
    this.emitted = new Counter({
      name: 'admin_feed_events_total',
      help: 'Events pushed to the admin live feed (one per emit, whatever the number of recipients)',
      labelNames: ['event'],
      registers: [metrics.registry],
    });
  }

  emit<E extends AdminFeedEventName>(event: E, kioskId: number, payload: AdminFeedEvents[E]): void {
    if (!this.audience.anyone) return;
    try {
      if (this.send(event, [FEED_ALL, feedKioskRoom(kioskId)], payload)) this.emitted.inc({ event });
    } catch (e) {
      // A feed event is a notification, never worth failing the domain work that caused it.
      this.logger.warn(`admin feed ${event} of kiosk ${kioskId} not sent: ${String(e)}`);
    }
  }

  /** An event about no single kiosk (a site incident spans several): admins only. */
  emitToAdmins<E extends AdminFeedEventName>(event: E, payload: AdminFeedEvents[E]): void {
    if (!this.audience.anyone) return;
    try {
      if (this.send(event, [FEED_ALL], payload)) this.emitted.inc({ event });
    } catch (e) {
      this.logger.warn(`admin feed ${event} not sent: ${String(e)}`);
    }
  }

  /** Sends to every socket in any of `rooms`; false when this publisher cannot send yet. */
  protected abstract send<E extends AdminFeedEventName>(
    event: E,
    rooms: string[],
    payload: AdminFeedEvents[E],
  ): boolean;
}
