/**
 * The payment vocabulary shared with the modules that react to payments (alerts' rate rules and
 * reconciliation, notifications, the admin feed). Money is never a JS number of major units:
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

/** One completed refund of a payment, as events and the `payment.refunded` webhook show it. */
export interface RefundView {
  id: string;
  amount: string;
  amountMinor: number;
  reason: string;
}
