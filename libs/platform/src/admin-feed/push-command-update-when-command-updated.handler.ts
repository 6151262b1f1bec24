import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { KioskCommandUpdatedEvent } from '@app/contracts';
import { AdminFeedPublisher } from './admin-feed.publisher';
import { commandUpdatedPayload } from './feed-payloads';

@EventsHandler(KioskCommandUpdatedEvent)
export class PushCommandUpdateWhenCommandUpdatedHandler implements IEventHandler<KioskCommandUpdatedEvent> {
  constructor(private readonly feed: AdminFeedPublisher) {}

  handle({ command }: KioskCommandUpdatedEvent): void {
    this.feed.emit('command_updated', command.kioskId, commandUpdatedPayload(command));
  }
}
