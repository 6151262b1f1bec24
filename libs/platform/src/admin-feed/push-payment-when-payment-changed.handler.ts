import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { PaymentRecordedEvent, PaymentRefundedEvent, PaymentUpdatedEvent } from '@app/contracts';
import { AdminFeedPublisher } from './admin-feed.publisher';

type PaymentChanged = PaymentRecordedEvent | PaymentRefundedEvent | PaymentUpdatedEvent;

/**
 * `payment_recorded` carries the payment resource: when a payment is recorded, and again whenever
 * its status or refunded amount changes (refund sent to the kiosk, completed, undone); clients
 * upsert by id.
 */
@EventsHandler(PaymentRecordedEvent, PaymentRefundedEvent, PaymentUpdatedEvent)
export class PushPaymentWhenPaymentChangedHandler implements IEventHandler<PaymentChanged> {
  constructor(private readonly feed: AdminFeedPublisher) {}

  handle({ payment }: PaymentChanged): void {
    this.feed.emit('payment_recorded', payment.kioskId, payment);
  }
}
