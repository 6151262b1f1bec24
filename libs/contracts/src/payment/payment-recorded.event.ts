import type { PaymentView } from './payment';

/** A payment was stored (not published for a duplicate), after its transaction committed. */
export class PaymentRecordedEvent {
  constructor(readonly payment: PaymentView) {}
}
