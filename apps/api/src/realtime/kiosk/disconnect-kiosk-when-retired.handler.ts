import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { KioskDecommissionedEvent, KioskSecretRotatedEvent } from '@app/contracts';
import { KioskGateway } from './kiosk.gateway';

/** A decommissioned kiosk, or one whose secret was rotated, loses its open sockets at once. */
@EventsHandler(KioskDecommissionedEvent, KioskSecretRotatedEvent)
export class DisconnectKioskWhenRetiredHandler implements IEventHandler<
  KioskDecommissionedEvent | KioskSecretRotatedEvent
> {
  constructor(private readonly gateway: KioskGateway) {}

  handle(event: KioskDecommissionedEvent | KioskSecretRotatedEvent): void {
    this.gateway.disconnectKiosk(event.kioskId);
  }
}
