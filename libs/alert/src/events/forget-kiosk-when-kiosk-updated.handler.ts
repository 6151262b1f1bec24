import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { KioskUpdatedEvent } from '@app/contracts';
import { KioskFactsForAlerts } from '../alerts/kiosk-facts-for-alerts';

/**
 * An admin edited a kiosk on this instance: its cached tags and registered location are dropped, so
 * its next reading is evaluated against the new scope and site (other instances re-read within a minute).
 */
@EventsHandler(KioskUpdatedEvent)
export class ForgetKioskWhenKioskUpdatedHandler implements IEventHandler<KioskUpdatedEvent> {
  constructor(private readonly kiosks: KioskFactsForAlerts) {}

  handle({ kioskId }: KioskUpdatedEvent): void {
    this.kiosks.forget(kioskId);
  }
}
