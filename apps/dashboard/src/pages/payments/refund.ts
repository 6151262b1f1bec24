import type { Schema } from '@kiosk-fleet/sdk';
import { exponentOf } from '../../feed/money';

export type Payment = Schema<'PaymentDto'>;
export type RefundBody = Schema<'RefundPaymentDto'>;

/** Statuses the server refunds from (others answer 422: failed, refund_pending, refunded). */
const REFUNDABLE = new Set<Payment['status']>(['completed', 'partially_refunded']);
export const REASON_MAX = 500;

/** Digits after the point in the payment's currency, as the server formats its amounts (USD 2, JPY 0, KWD 3). */
export function currencyDecimals(payment: Pick<Payment, 'amount'>): number {
  return exponentOf(payment.amount);
}

/** An exact decimal in major units → integer minor units, or null when it is not one (or has too many decimals). */
export function toMinor(amount: string, decimals: number): number | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) return null;
  return Number(match[1]) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || '0');
}

export function formatMinor(minor: number, decimals: number): string {
  if (decimals === 0) return String(minor);
  const digits = String(minor).padStart(decimals + 1, '0');
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** What is left to refund, in minor units. */
export function refundableMinor(payment: Payment): number {
  const refunded = toMinor(payment.refundedAmount, currencyDecimals(payment)) ?? 0;
  return Math.max(0, payment.amountMinor - refunded);
}

export function canBeRefunded(payment: Payment): boolean {
  return REFUNDABLE.has(payment.status) && refundableMinor(payment) > 0;
}

export interface RefundInput {
  /** Empty: everything not refunded yet. A comma is read as the decimal point (Spanish keyboards). */
  amount: string;
  reason: string;
}

/** i18n keys of the `payments` namespace, with their interpolation values. */
export interface FieldProblem {
  key: string;
  values?: Record<string, string | number>;
}

export type RefundValidation =
  { ok: true; body: RefundBody } | { ok: false; errors: Partial<Record<keyof RefundInput, FieldProblem>> };

/**
 * Checks a refund form against what the server will accept, so the operator learns about a typo
 * before a request (the server still decides: concurrent refunds can shrink what is left).
 */
export function validateRefund(input: RefundInput, payment: Payment): RefundValidation {
  const errors: Partial<Record<keyof RefundInput, FieldProblem>> = {};
  const decimals = currencyDecimals(payment);
  const left = refundableMinor(payment);
  const leftText = `${formatMinor(left, decimals)} ${payment.currency}`;
  const raw = input.amount.trim().replace(',', '.');
  let amount: string | undefined;

  if (!canBeRefunded(payment)) {
    errors.amount = { key: 'refund.errors.notRefundable', values: { status: payment.status } };
  } else if (raw !== '') {
    const minor = toMinor(raw, decimals);
    if (!/^\d+(\.\d+)?$/.test(raw)) errors.amount = { key: 'refund.errors.amountFormat' };
    else if (minor === null) errors.amount = { key: 'refund.errors.amountDecimals', values: { decimals } };
    else if (minor <= 0) errors.amount = { key: 'refund.errors.amountPositive' };
    else if (minor > left)
      errors.amount = { key: 'refund.errors.amountTooLarge', values: { left: leftText } };
    else amount = formatMinor(minor, decimals);
  }

  const reason = input.reason.trim();
  if (reason === '') errors.reason = { key: 'refund.errors.reasonRequired' };
  else if (reason.length > REASON_MAX)
    errors.reason = { key: 'refund.errors.reasonLong', values: { max: REASON_MAX } };

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: amount === undefined ? { reason } : { amount, reason } };
}

/** The Idempotency-Key of the last refund sent from a form, with the body it was sent with. */
export interface RefundAttempt {
  body: string;
  key: string;
}

/**
 * The key for this submit: the same body as the previous attempt (a retry after an error or a lost
 * answer) reuses its key, so the server refunds at most once; a changed body is a new refund and
 * needs a new key (the server refuses a key reused with another body, 422).
 */
export function refundAttempt(
  previous: RefundAttempt | null,
  body: RefundBody,
  newKey: () => string,
): RefundAttempt {
  const serialised = JSON.stringify(body);
  return previous?.body === serialised ? previous : { body: serialised, key: newKey() };
}
