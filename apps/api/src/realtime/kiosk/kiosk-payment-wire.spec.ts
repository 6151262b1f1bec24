import { parseKioskPayment } from './kiosk-payment-wire';

const kiosk = { serial: 'SIM-KIOSK-001' };
const sale = (over: Record<string, unknown> = {}) => ({
  transaction_id: 'TX-1',
  amount: '12.50',
  currency: 'USD',
  method: 'card',
  status: 'completed',
  timestamp: '2026-11-25T10:00:00.123456',
  ...over,
});

describe('parseKioskPayment', () => {
  it('maps a sale to the command payload, keeping the amount as sent for the exact reader', () => {
    const r = parseKioskPayment(
      sale({ items: [{ sku: 'A', qty: 1, unit_price: '12.50' }], customer_email: 'a@b.co', extra_field: 1 }),
      kiosk,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        kind: 'sale',
        payment: {
          transactionId: 'TX-1',
          amount: '12.50',
          currency: 'USD',
          method: 'card',
          status: 'completed',
          occurredAt: new Date('2026-11-25T10:00:00.123Z'),
          items: [{ sku: 'A', qty: 1, unit_price: '12.50' }],
          customerEmail: 'a@b.co',
        },
      },
    });
  });

  it('accepts a JSON number amount and an explicit type "sale"', () => {
    const r = parseKioskPayment(sale({ amount: 12.5, type: 'sale' }), kiosk);
    expect(r.ok && r.value.kind === 'sale' && r.value.payment.amount).toBe(12.5);
  });

  it.each([
    [{ amount: true }, 'amount'],
    [{ amount: '' }, 'amount'],
    [{ currency: 'EURO' }, 'currency'],
    [{ method: 'cheque' }, 'method'],
    [{ status: 'refund_pending' }, 'status'],
    [{ transaction_id: '' }, 'transaction_id'],
    [{ transaction_id: 'x'.repeat(129) }, 'transaction_id'],
    [{ timestamp: '25/11/2026' }, 'timestamp'],
    [{ items: 'two tickets' }, 'items'],
    [{ customer_email: 'nobody' }, 'customer_email'],
    [{ type: 'refund' }, 'type'],
  ])('refuses %p naming %s', (over, field) => {
    const r = parseKioskPayment(sale(over), kiosk);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_payload');
      expect(r.error.details?.map((d) => d.field)).toContain(field);
    }
  });

  it('names a missing field', () => {
    const p: Record<string, unknown> = sale();
    delete p.transaction_id;
    const r = parseKioskPayment(p, kiosk);
    expect(!r.ok && r.error.details).toEqual([{ field: 'transaction_id', message: 'is required' }]);
  });

  it('refuses another kiosk’s serial', () => {
    const r = parseKioskPayment(sale({ serial: 'OTHER' }), kiosk);
    expect(!r.ok && r.error.code).toBe('serial_mismatch');
  });

  it('reads a z_report, defaulting the time zone to UTC', () => {
    const r = parseKioskPayment(
      {
        type: 'z_report',
        business_date: '2026-11-24',
        totals: [
          { currency: 'usd', method: 'cash', count: 3, amount: '30.00' },
          { currency: 'JPY', amount: 1200 },
        ],
      },
      kiosk,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        kind: 'z_report',
        report: {
          businessDate: '2026-11-24',
          timezone: 'UTC',
          totals: [
            { currency: 'usd', method: 'cash', count: 3, amount: '30.00' },
            { currency: 'JPY', method: null, count: null, amount: 1200 },
          ],
        },
      },
    });
  });

  it.each([
    [{ business_date: '2026-02-30' }, 'business_date'],
    [{ business_date: '24/11/2026' }, 'business_date'],
    [{ totals: 'all good' }, 'totals'],
    [{ totals: [{ currency: 'USD', amount: '1', count: -1 }] }, 'totals.0.count'],
    [{ totals: [{ amount: '1' }] }, 'totals.0.currency'],
  ])('refuses the z_report %p naming %s', (over, field) => {
    const r = parseKioskPayment(
      { type: 'z_report', business_date: '2026-11-24', totals: [], ...over },
      kiosk,
    );
    expect(!r.ok && r.error.details?.map((d) => d.field)).toContain(field);
  });
});
