import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { KioskAssignedEvent } from '@app/contracts';
import { AdminFeedGateway } from './admin-feed.gateway';

/** From now on the new assignee's feed sockets get the kiosk's events, and the previous one's don't. */
@EventsHandler(KioskAssignedEvent)
export class MoveFeedRoomsWhenKioskAssignedHandler implements IEventHandler<KioskAssignedEvent> {
  constructor(private readonly gateway: AdminFeedGateway) {}

  handle({ kioskId, userId, previousUserId }: KioskAssignedEvent): void {
    this.gateway.moveKiosk(kioskId, previousUserId, userId);
  }
}
