import { Injectable } from '@nestjs/common';
import { MetricsService } from '@app/core';
import { AdminFeedEventName, AdminFeedEvents, AdminFeedServerEvents } from '@app/contracts';
import { AdminFeedAudience, AdminFeedPublisher } from '@app/platform';
import type { AdminFeedNamespace } from './admin-feed-socket';

/**
 * The API's publisher: emits through the `/admin` namespace, whose Redis adapter delivers to the
 * matching sockets on this and every other instance.
 */
@Injectable()
export class NamespaceAdminFeedPublisher extends AdminFeedPublisher {
  private nsp: AdminFeedNamespace | undefined;

  constructor(metrics: MetricsService, audience: AdminFeedAudience) {
    super(metrics, audience);
  }

  /** Called by the gateway once the namespace exists; events before that have no listener anyway. */
  attach(nsp: AdminFeedNamespace): void {
    this.nsp = nsp;
  }

  protected send<E extends AdminFeedEventName>(
    event: E,
    rooms: string[],
    payload: AdminFeedEvents[E],
  ): boolean {
    if (!this.nsp) return false;
    // Socket.IO's typings cannot follow a generic event name to its parameters; the map still
    // types every caller of emit().
    const args = [payload] as Parameters<AdminFeedServerEvents[E]>;
    this.nsp.to(rooms).emit(event, ...args);
    return true;
  }
}
