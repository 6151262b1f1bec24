import type { PaymentMethod } from './payment';

/** A kiosk's own daily totals disagree with what the server recorded for that day. */
export class CashMismatchDetectedEvent {
  constructor(
    readonly mismatch: {
      kioskId: number;
      /** The kiosk's business day, YYYY-MM-DD. */
      businessDate: string;
      currency: string;
      method: PaymentMethod | null;
      reportedMinor: number;
      recordedMinor: number;
      reportedCount: number | null;
      recordedCount: number;
    },
  ) {}
}
