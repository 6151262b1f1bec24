import { describe, expect, it } from 'vitest';
import { payment as paymentDto } from '../../feed/test-fixtures';
import { canBeRefunded, refundableMinor, refundAttempt, validateRefund, type Payment } from './refund';

// a completed card payment of USD 12.50, nothing refunded yet, unless `over` says otherwise
const payment = (over: Partial<Payment> = {}): Payment =>
  paymentDto('6f0c3a52-1d2e-4a4b-9a51-6c1f4f7b2d10', over);

describe('validateRefund', () => {
  it('an empty amount refunds whatever is left: the body carries only the reason', () => {
    expect(validateRefund({ amount: ' ', reason: ' printer jammed ' }, payment())).toEqual({
      ok: true,
      body: { reason: 'printer jammed' },
    });
  });

  it('a partial amount is sent normalised to the currency decimals, a comma read as the point', () => {
    expect(validateRefund({ amount: '2,5', reason: 'x' }, payment())).toEqual({
      ok: true,
      body: { amount: '2.50', reason: 'x' },
    });
  });

  it('refuses more than what is left after earlier refunds, naming what is left', () => {
    const p = payment({ status: 'partially_refunded', refundedAmount: '10.00' });
    expect(refundableMinor(p)).toBe(250);
    expect(validateRefund({ amount: '2.51', reason: 'x' }, p)).toEqual({
      ok: false,
      errors: { amount: { key: 'refund.errors.amountTooLarge', values: { left: '2.50 USD' } } },
    });
    expect(validateRefund({ amount: '2.50', reason: 'x' }, p)).toEqual({
      ok: true,
      body: { amount: '2.50', reason: 'x' },
    });
  });

  it('refuses more decimals than the currency has (JPY has none, KWD three)', () => {
    const yen = payment({ amount: '500', amountMinor: 500, currency: 'JPY', refundedAmount: '0' });
    expect(validateRefund({ amount: '1.5', reason: 'x' }, yen)).toEqual({
      ok: false,
      errors: { amount: { key: 'refund.errors.amountDecimals', values: { decimals: 0 } } },
    });
    const dinar = payment({ amount: '1.250', amountMinor: 1250, currency: 'KWD', refundedAmount: '0.000' });
    expect(validateRefund({ amount: '0.125', reason: 'x' }, dinar)).toEqual({
      ok: true,
      body: { amount: '0.125', reason: 'x' },
    });
  });

  it('refuses text, negative and zero amounts', () => {
    for (const amount of ['abc', '-1', '1e3', '1.2.3']) {
      expect(validateRefund({ amount, reason: 'x' }, payment())).toEqual({
        ok: false,
        errors: { amount: { key: 'refund.errors.amountFormat' } },
      });
    }
    expect(validateRefund({ amount: '0.00', reason: 'x' }, payment())).toEqual({
      ok: false,
      errors: { amount: { key: 'refund.errors.amountPositive' } },
    });
  });

  it('requires a reason of at most 500 characters, reporting every field at once', () => {
    expect(validateRefund({ amount: 'x', reason: '  ' }, payment())).toEqual({
      ok: false,
      errors: {
        amount: { key: 'refund.errors.amountFormat' },
        reason: { key: 'refund.errors.reasonRequired' },
      },
    });
    expect(validateRefund({ amount: '', reason: 'a'.repeat(501) }, payment())).toEqual({
      ok: false,
      errors: { reason: { key: 'refund.errors.reasonLong', values: { max: 500 } } },
    });
  });

  it('refuses payments the server would not refund: failed, pending, fully refunded', () => {
    for (const status of ['failed', 'refund_pending', 'refunded'] as const) {
      const p = payment({ status });
      expect(canBeRefunded(p)).toBe(false);
      expect(validateRefund({ amount: '', reason: 'x' }, p)).toEqual({
        ok: false,
        errors: { amount: { key: 'refund.errors.notRefundable', values: { status } } },
      });
    }
    expect(canBeRefunded(payment({ status: 'partially_refunded', refundedAmount: '1.00' }))).toBe(true);
  });
});

describe('refundAttempt', () => {
  it('reuses the Idempotency-Key for a retry of the same refund and takes a new one when the body changes', () => {
    let n = 0;
    const newKey = () => `key-${++n}`;
    const first = refundAttempt(null, { amount: '2.50', reason: 'jam' }, newKey);
    expect(first.key).toBe('key-1');
    expect(refundAttempt(first, { amount: '2.50', reason: 'jam' }, newKey)).toBe(first);
    const changed = refundAttempt(first, { amount: '3.00', reason: 'jam' }, newKey);
    expect(changed.key).toBe('key-2');
  });
});
