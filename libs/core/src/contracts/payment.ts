/**
 * Contracts between the payment module and the modules that react to payments (alerts' rate rules
 * and reconciliation, notifications, the admin feed). Money is never a JS number of major units:
 * `amountMinor` is an integer in the currency's minor unit and `amount` its exact decimal string.
 */
export const PAYMENT_METHODS = ['cash', 'card', 'qr'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_STATUSES = [
  'completed',
  'failed',
  'refund_pending',
  'partially_refunded',
  'refunded',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** The payment resource of CONTRACT.md §6, as REST, the admin feed and webhooks show it. */
export interface PaymentView {
  id: string;
  kioskId: number;
  transactionId: string;
  /** Exact decimal in major units, e.g. "12.50" (USD), "1250" (JPY), "1.250" (KWD). */
  amount: string;
  amountMinor: number;
  currency: string;
  method: PaymentMethod;
  status: PaymentStatus;
  refundedAmount: string;
  /** ISO 8601: the kiosk's clock. */
  occurredAt: string;
  /** ISO 8601: the server's clock. */
  createdAt: string;
}

/** A payment was stored (not published for a duplicate), after its transaction committed. */
export class PaymentRecordedEvent {
  constructor(readonly payment: PaymentView) {}
}

/** A refund completed (cash at once, card/QR when the kiosk acknowledged the refund command). */
export class PaymentRefundedEvent {
  constructor(
    readonly payment: PaymentView,
    readonly refund: { id: string; amount: string; amountMinor: number; reason: string },
  ) {}
}

/**
 * Any other change of a payment's status: a card/QR refund sent to the kiosk (`refund_pending`), or
 * undone because the kiosk could not carry it out (back to the previous status).
 */
export class PaymentUpdatedEvent {
  constructor(readonly payment: PaymentView) {}
}

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

/**
 * Which of these kiosks' latest reports say a payment session is open (a customer mid-purchase).
 * The command module holds disruptive commands meanwhile. Answered by the payment module; without
 * it, the command module sees no session.
 */
export class GetKiosksInPaymentSessionQuery {
  constructor(readonly kioskIds: readonly number[]) {}
}
export type KiosksInPaymentSession = ReadonlySet<number>;

/** A kiosk reported that its open payment session ended: held commands may go out. */
export class KioskPaymentSessionEndedEvent {
  constructor(readonly kioskId: number) {}
}
