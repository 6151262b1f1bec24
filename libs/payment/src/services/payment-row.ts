import type { PaymentMethod, PaymentStatus, PaymentView } from '@app/contracts';
import { formatAmount } from '../money/money';

/** A payments row as raw SQL returns it (bigint columns arrive as strings). */
export interface PaymentRow {
  id: string;
  kiosk_id: number;
  transaction_id: string;
  amount_minor: string;
  currency: string;
  method: PaymentMethod;
  status: PaymentStatus;
  refunded_minor: string;
  occurred_at: Date;
  created_at: Date;
  customer_email: string | null;
  items: unknown;
}

/** The columns of PaymentRow, for `RETURNING` and `SELECT` (alias `p`). */
export const PAYMENT_COLUMNS = [
  'id',
  'kiosk_id',
  'transaction_id',
  'amount_minor',
  'currency',
  'method',
  'status',
  'refunded_minor',
  'occurred_at',
  'created_at',
  'customer_email',
  'items',
]
  .map((c) => `p.${c}`)
  .join(', ');

/** Amounts are bounded by PAYMENT_MAX_AMOUNT_MINOR (≤ 2^53), so the number form is exact. */
export function toPaymentView(r: PaymentRow): PaymentView {
  return {
    id: r.id,
    kioskId: r.kiosk_id,
    transactionId: r.transaction_id,
    amount: formatAmount(r.amount_minor, r.currency),
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    method: r.method,
    status: r.status,
    refundedAmount: formatAmount(r.refunded_minor, r.currency),
    occurredAt: r.occurred_at.toISOString(),
    createdAt: r.created_at.toISOString(),
  };
}
