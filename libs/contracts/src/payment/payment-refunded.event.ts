import type { PaymentView, RefundView } from './payment';

/** A refund completed (cash at once, card/QR when the kiosk acknowledged the refund command). */
export class PaymentRefundedEvent {
  constructor(
    readonly payment: PaymentView,
    readonly refund: RefundView,
  ) {}
}
