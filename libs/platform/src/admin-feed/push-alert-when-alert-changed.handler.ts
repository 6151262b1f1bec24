import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { AlertRaisedEvent, AlertUpdatedEvent } from '@app/contracts';
import { AdminFeedPublisher } from './admin-feed.publisher';

/**
 * `alert_raised` / `alert_updated` with the alert resource, to those who may see its kiosk. A site
 * incident belongs to no single kiosk and goes to admins; operators follow it through the REST
 * resource and the offline alerts of their kiosks that point at it.
 */
@EventsHandler(AlertRaisedEvent, AlertUpdatedEvent)
export class PushAlertWhenAlertChangedHandler implements IEventHandler<AlertRaisedEvent | AlertUpdatedEvent> {
  constructor(private readonly feed: AdminFeedPublisher) {}

  handle(e: AlertRaisedEvent | AlertUpdatedEvent): void {
    const event = e instanceof AlertRaisedEvent ? 'alert_raised' : 'alert_updated';
    if (e.alert.kioskId === null) this.feed.emitToAdmins(event, e.alert);
    else this.feed.emit(event, e.alert.kioskId, e.alert);
  }
}
