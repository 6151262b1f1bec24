import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { KioskStatusChangedEvent } from '@app/contracts';
import { DeliveryRequests } from '../services/delivery-requests';

/** Commands held during maintenance go out as soon as the kiosk leaves it. */
@EventsHandler(KioskStatusChangedEvent)
export class DeliverHeldCommandsWhenMaintenanceEndsHandler implements IEventHandler<KioskStatusChangedEvent> {
  constructor(private readonly delivery: DeliveryRequests) {}

  async handle({ snapshot, previous }: KioskStatusChangedEvent): Promise<void> {
    if (previous === 'maintenance' && snapshot.status !== 'maintenance') {
      await this.delivery.announce([snapshot.kioskId]).catch(() => undefined);
    }
  }
}
