import type { PaymentMethod } from '@app/contracts';

/** A `kiosk_payment` sale from the kiosk that authenticated as `kioskId`, its shape already checked. */
export class RecordKioskPaymentCommand {
  constructor(
    readonly kioskId: number,
    readonly payment: {
      transactionId: string;
      /** As sent: decimal string or JSON number, major units. */
      amount: string | number;
      currency: string;
      method: PaymentMethod;
      status: 'completed' | 'failed';
      occurredAt: Date;
      items: unknown[] | null;
      customerEmail: string | null;
    },
  ) {}
}

export interface KioskPaymentRecorded {
  paymentId: string;
  duplicate: boolean;
}
