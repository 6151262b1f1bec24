import type { PaymentMethod } from '@app/contracts';

/** A kiosk reported a failed payment: it counts towards rate rules. */
export class RecordFailedPaymentCommand {
  constructor(
    readonly kioskId: number,
    readonly method: PaymentMethod,
  ) {}
}
