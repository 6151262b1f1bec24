import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { KioskPaymentSessionEndedEvent } from '@app/contracts';
import { PAYMENT_SESSION_HOLD } from '../commands/claim-deliverable-commands/claim-deliverable-commands.handler';
import { KioskCommandRepository } from '../repositories/kiosk-command.repository';
import { DeliveryRequests } from '../services/delivery-requests';

/** Commands held for a payment session go out as soon as the kiosk reports that it ended. */
@EventsHandler(KioskPaymentSessionEndedEvent)
export class DeliverHeldCommandsWhenPaymentSessionEndsHandler implements IEventHandler<KioskPaymentSessionEndedEvent> {
  constructor(
    private readonly commands: KioskCommandRepository,
    private readonly delivery: DeliveryRequests,
  ) {}

  async handle({ kioskId }: KioskPaymentSessionEndedEvent): Promise<void> {
    try {
      await this.commands.releaseHold(kioskId, PAYMENT_SESSION_HOLD);
      await this.delivery.announce([kioskId]);
    } catch {
      // The hold deadline (SessionHoldRelease) still sends them.
    }
  }
}
