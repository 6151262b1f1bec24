import { describe, expect, it } from 'vitest';
import type { PaymentSummary } from './queries';
import { summaryView } from './summary';

const group = (key: string, total: string, refunded = '0.00') => ({
  key,
  currency: 'GBP',
  count: 1,
  total,
  refunded,
});

describe('summaryView by day', () => {
  it('gives every day of the period a column in unix seconds, days without sales at 0', () => {
    const summary = { groups: [group('2026-12-05', '25.70', '1.50')] } as unknown as PaymentSummary;
    const view = summaryView(summary, 'day', undefined, {
      from: '2026-12-04T00:00:00.000Z',
      to: '2026-12-07T00:00:00.000Z',
    });
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 1000;
    expect(view.data).toEqual([
      [day('2026-12-04'), day('2026-12-05'), day('2026-12-06')],
      [0, 25.7, 0],
      [0, 1.5, 0],
    ]);
    expect(view.total).toBe(25.7);
    expect(view.keys).toBeUndefined();
  });
});
