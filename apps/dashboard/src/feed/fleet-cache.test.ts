import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { coalesce, emptyBatch } from './events';
import {
  fleetKeys,
  fleetMerger,
  mergeAlertsIntoUnresolved,
  mergePaymentsIntoSales,
  mergeStatusIntoFleet,
  SALES_AMBIGUITY_MS,
  type FleetData,
  type SalesSince,
} from './fleet-cache';
import { applyFeedBatch } from './registry';
import { alert, kiosk, payment, statusEvent } from './test-fixtures';

const fleet = (pages: number[][], last: string | null = null): FleetData => ({
  pages: pages.map((ids, i) => ({
    items: ids.map((id) => kiosk(id)),
    nextCursor: i === pages.length - 1 ? last : `c${i}`,
  })),
  pageParams: pages.map((_, i) => (i === 0 ? undefined : `c${i - 1}`)),
});

describe('mergeStatusIntoFleet', () => {
  it('changes status and canSell of the kiosks named, and keeps untouched pages identical', () => {
    const data = fleet([
      [1, 2],
      [3, 4],
    ]);
    const { data: out, unknownIds } = mergeStatusIntoFleet(data, [
      statusEvent(3, { status: 'blocked', canSell: 'none' }),
    ]);
    expect(out.pages[0]).toBe(data.pages[0]);
    expect(out.pages[1].items[0]).toMatchObject({ id: 3, status: 'blocked', canSell: 'none' });
    expect(out.pages[1].items[1]).toBe(data.pages[1].items[1]);
    expect(unknownIds).toEqual([]);
  });

  it('returns the same data when nothing visible changed, and names kiosks it does not hold', () => {
    const data = fleet([[1]]);
    const { data: out, unknownIds } = mergeStatusIntoFleet(data, [
      statusEvent(1, { status: 'online', canSell: 'full' }),
      statusEvent(99),
    ]);
    expect(out).toBe(data);
    expect(unknownIds).toEqual([99]);
  });
});

describe('mergeAlertsIntoUnresolved', () => {
  it('adds raised alerts, replaces updated ones and drops resolved ones', () => {
    const list = [alert('a1'), alert('a2')];
    const out = mergeAlertsIntoUnresolved(list, [
      alert('a1', { status: 'acknowledged' }),
      alert('a2', { status: 'resolved' }),
      alert('a3', { severity: 'critical' }),
      alert('a4', { status: 'resolved' }),
    ]);
    expect(out.map((a) => [a.id, a.status])).toEqual([
      ['a1', 'acknowledged'],
      ['a3', 'open'],
    ]);
  });

  it('keeps the list identical for an empty batch', () => {
    const list = [alert('a1')];
    expect(mergeAlertsIntoUnresolved(list, [])).toBe(list);
  });
});

describe('mergePaymentsIntoSales', () => {
  const fetchedAt = Date.parse('2026-12-07T10:00:00.000Z');
  const sales = (): SalesSince => ({
    from: '2026-12-07T00:00:00.000Z',
    fetchedAt,
    byCurrency: { USD: { currency: 'USD', exponent: 2, totalMinor: 10_000, count: 4, refundedMinor: 0 } },
    live: {},
  });
  const later = new Date(fetchedAt + SALES_AMBIGUITY_MS + 1_000).toISOString();

  it('adds a payment created after the summary was read, once, and follows its refund exactly', () => {
    const p = payment('p1', { createdAt: later, occurredAt: later });
    const first = mergePaymentsIntoSales(sales(), [p]);
    expect(first.stale).toBe(false);
    expect(first.sales.byCurrency.USD).toMatchObject({ totalMinor: 11_250, count: 5, refundedMinor: 0 });

    const again = mergePaymentsIntoSales(first.sales, [p]);
    expect(again.sales).toBe(first.sales);

    const refunded = mergePaymentsIntoSales(first.sales, [
      { ...p, status: 'partially_refunded', refundedAmount: '2.5' },
    ]);
    expect(refunded.sales.byCurrency.USD).toMatchObject({ totalMinor: 11_250, count: 5, refundedMinor: 250 });
  });

  it('opens a new currency, ignores failed payments and payments before the period', () => {
    const out = mergePaymentsIntoSales(sales(), [
      payment('eur', {
        currency: 'EUR',
        amount: '3.10',
        amountMinor: 310,
        createdAt: later,
        occurredAt: later,
      }),
      payment('failed', { status: 'failed', createdAt: later, occurredAt: later }),
      payment('yesterday', { occurredAt: '2026-12-06T23:59:59.000Z', createdAt: later }),
    ]);
    expect(out.stale).toBe(false);
    expect(out.sales.byCurrency.EUR).toEqual({
      currency: 'EUR',
      exponent: 2,
      totalMinor: 310,
      count: 1,
      refundedMinor: 0,
    });
    expect(out.sales.byCurrency.USD.count).toBe(4);
  });

  it('asks for a re-read when a change concerns a payment the summary may already hold', () => {
    const out = mergePaymentsIntoSales(sales(), [
      payment('old', { createdAt: '2026-12-07T09:00:00.000Z', status: 'refunded' }),
    ]);
    expect(out.stale).toBe(true);
    expect(out.sales.byCurrency.USD.totalMinor).toBe(10_000);
  });
});

describe('fleetMerger through applyFeedBatch', () => {
  it('writes one frame of mixed events into the cache entries', () => {
    const qc = new QueryClient();
    qc.setQueryData(fleetKeys.kiosks, fleet([[1, 2]]));
    qc.setQueryData(fleetKeys.unresolvedAlerts, [alert('a1')]);

    const batch = coalesce([
      { type: 'kiosk_status', payload: statusEvent(2, { status: 'maintenance', canSell: 'none' }) },
      { type: 'alert_raised', payload: alert('a2', { severity: 'critical' }) },
      { type: 'alert_updated', payload: alert('a1', { status: 'resolved' }) },
    ]);
    applyFeedBatch(qc, batch, [fleetMerger]);

    expect(qc.getQueryData<FleetData>(fleetKeys.kiosks)!.pages[0].items[1]).toMatchObject({
      status: 'maintenance',
    });
    expect(qc.getQueryData<{ id: string }[]>(fleetKeys.unresolvedAlerts)!.map((a) => a.id)).toEqual(['a2']);
  });

  it('keeps the other mergers running when one throws', () => {
    const qc = new QueryClient();
    const errors: unknown[] = [];
    const ran = vi.fn();
    applyFeedBatch(
      qc,
      emptyBatch(),
      [
        () => {
          throw new Error('bug in an area');
        },
        ran,
      ],
      (e) => errors.push(e),
    );
    expect(ran).toHaveBeenCalledOnce();
    expect(errors).toHaveLength(1);
  });
});
