import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { KioskPaymentSessionEndedEvent } from '@app/contracts';
import { PAYMENT_SESSION_HOLD } from '../commands/claim-deliverable-commands/claim-deliverable-commands.handler';
import { DeliveryRequests } from '../services/delivery-requests';

/** Commands held for a payment session go out as soon as the kiosk reports that it ended. */
@EventsHandler(KioskPaymentSessionEndedEvent)
export class DeliverHeldCommandsWhenPaymentSessionEndsHandler implements IEventHandler<KioskPaymentSessionEndedEvent> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly delivery: DeliveryRequests,
  ) {}

  async handle({ kioskId }: KioskPaymentSessionEndedEvent): Promise<void> {
    try {
      await this.dataSource.query(
        `UPDATE kiosk_commands SET hold_reason = NULL WHERE kiosk_id = $1 AND status = 'pending' AND hold_reason = $2`,
        [kioskId, PAYMENT_SESSION_HOLD],
      );
      await this.delivery.announce([kioskId]);
    } catch {
      // The hold deadline (SessionHoldRelease) still sends them.
    }
  }
}
