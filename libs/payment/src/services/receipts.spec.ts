import { renderReceipt } from './receipts';
import type { PaymentRow } from './payment-row';

const row = (over: Partial<PaymentRow> = {}): PaymentRow => ({
  id: '7d1c3f0e-4a57-4d1e-9b7e-2f7c1a9e0b11',
  kiosk_id: 3,
  transaction_id: 'TX-42',
  amount_minor: '1250',
  currency: 'KWD',
  method: 'card',
  status: 'completed',
  refunded_minor: '0',
  occurred_at: new Date('2026-11-25T10:00:00.000Z'),
  created_at: new Date('2026-11-25T10:00:01.000Z'),
  customer_email: 'ana@example.com',
  items: [{ sku: 'T1', name: '<b>Day</b> pass', qty: 2, unit_price: '0.625' }],
  ...over,
});

describe('renderReceipt', () => {
  it('renders the exact amount in the currency’s decimals, items, and a stable message id', () => {
    const r = renderReceipt(row());
    expect(r.to).toEqual(['ana@example.com']);
    expect(r.subject).toBe('Your receipt TX-42 — 1.250 KWD');
    expect(r.text).toContain('Total: 1.250 KWD');
    expect(r.text).toContain('2 × <b>Day</b> pass  0.625');
    expect(r.text).toContain('Date: 2026-11-25 10:00:00 UTC');
    expect(r.messageId).toBe('<receipt.7d1c3f0e-4a57-4d1e-9b7e-2f7c1a9e0b11@kiosk-fleet>');
    expect(renderReceipt(row())).toEqual(r);
  });

  it('escapes kiosk-sent text in the HTML part', () => {
    const { html } = renderReceipt(row());
    expect(html).toContain('&lt;b&gt;Day&lt;/b&gt; pass');
    expect(html).not.toContain('<b>Day</b>');
  });

  it('copes with items that are not a list of objects', () => {
    expect(renderReceipt(row({ items: null })).text).not.toContain('×');
    expect(renderReceipt(row({ items: [{ qty: { x: 1 } }] })).text).toContain('1 × item');
  });
});
