import type { PaymentView } from './payment';

/**
 * Any other change of a payment's status: a card/QR refund sent to the kiosk (`refund_pending`), or
 * undone because the kiosk could not carry it out (back to the previous status).
 */
export class PaymentUpdatedEvent {
  constructor(readonly payment: PaymentView) {}
}
