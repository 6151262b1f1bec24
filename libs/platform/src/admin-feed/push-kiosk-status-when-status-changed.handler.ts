import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { KioskStatusChangedEvent } from '@app/contracts';
import { AdminFeedPublisher } from './admin-feed.publisher';
import { kioskStatusPayload } from './feed-payloads';

@EventsHandler(KioskStatusChangedEvent)
export class PushKioskStatusWhenStatusChangedHandler implements IEventHandler<KioskStatusChangedEvent> {
  constructor(private readonly feed: AdminFeedPublisher) {}

  handle({ snapshot }: KioskStatusChangedEvent): void {
    this.feed.emit('kiosk_status', snapshot.kioskId, kioskStatusPayload(snapshot));
  }
}
