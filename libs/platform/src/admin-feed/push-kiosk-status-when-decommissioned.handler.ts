import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { KioskDecommissionedEvent } from '@app/contracts';
import { AdminFeedPublisher } from './admin-feed.publisher';

/**
 * Decommissioning changes the status without a liveness transition (no KioskStatusChangedEvent),
 * so the feed says it here. Peripherals and sell capability no longer mean anything: null.
 */
@EventsHandler(KioskDecommissionedEvent)
export class PushKioskStatusWhenDecommissionedHandler implements IEventHandler<KioskDecommissionedEvent> {
  constructor(private readonly feed: AdminFeedPublisher) {}

  handle({ kioskId }: KioskDecommissionedEvent): void {
    this.feed.emit('kiosk_status', kioskId, {
      kioskId,
      status: 'decommissioned',
      connected: false,
      reporting: false,
      peripheralsOk: null,
      canSell: null,
      at: new Date().toISOString(),
    });
  }
}
