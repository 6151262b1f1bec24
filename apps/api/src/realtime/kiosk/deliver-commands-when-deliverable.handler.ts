import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { CommandsBecameDeliverableEvent } from '@app/command';
import { KioskCommandDelivery } from './kiosk-command-delivery';

/** Commands issued or released in this process go to the kiosks' sockets, here or on another instance. */
@EventsHandler(CommandsBecameDeliverableEvent)
export class DeliverCommandsWhenDeliverableHandler implements IEventHandler<CommandsBecameDeliverableEvent> {
  constructor(private readonly delivery: KioskCommandDelivery) {}

  handle({ kioskIds }: CommandsBecameDeliverableEvent): Promise<void> {
    return this.delivery.announced(kioskIds);
  }
}
