import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { coalesce, emptyBatch } from './events';
import {
  fleetKeys,
  fleetMerger,
  mergeAlertsIntoUnresolved,
  mergePaymentsIntoSales,
  mergeStatusIntoPoints,
  SALES_AMBIGUITY_MS,
  type MapPoint,
  type MapPoints,
  type SalesSince,
} from './fleet-cache';
import { applyFeedBatch } from './registry';
import { alert, payment, statusEvent } from './test-fixtures';

const point = (id: number, over: Partial<MapPoint> = {}): MapPoint => ({
  id,
  name: `Kiosk ${id}`,
  serial: `SIM-${id}`,
  lat: -34.6,
  lng: -58.38,
  status: 'online',
  canSell: 'full',
  ...over,
});
const points = (ids: number[]): MapPoints => ({ items: ids.map((id) => point(id)) });

describe('mergeStatusIntoPoints', () => {
  it('changes status and canSell of the kiosks named, keeping the other points identical', () => {
    const data = points([1, 2, 3, 4]);
    const out = mergeStatusIntoPoints(data, [statusEvent(3, { status: 'blocked', canSell: 'none' })]);
    expect(out.data.items[2]).toMatchObject({ id: 3, status: 'blocked', canSell: 'none' });
    expect(out.data.items.filter((p, i) => p !== data.items[i])).toHaveLength(1);
    expect(out.statusChanged).toBe(true);
    expect(out.unknownIds).toEqual([]);
  });

  it('returns the same data when nothing changed, and names kiosks it does not hold', () => {
    const data = points([1]);
    const out = mergeStatusIntoPoints(data, [
      statusEvent(1, { status: 'online', canSell: 'full' }),
      statusEvent(99),
      statusEvent(98, { status: 'decommissioned' }),
    ]);
    expect(out.data).toBe(data);
    expect(out.statusChanged).toBe(false);
    expect(out.unknownIds).toEqual([99]);
  });

  it('reports a canSell change without a status change as no status change', () => {
    const out = mergeStatusIntoPoints(points([1]), [statusEvent(1, { status: 'online', canSell: 'none' })]);
    expect(out.data.items[0].canSell).toBe('none');
    expect(out.statusChanged).toBe(false);
  });

  it('looks each event up by id: a batch reads its own kiosks’ points, not the fleet', () => {
    let reads = 0;
    const items = new Proxy(
      Array.from({ length: 10_000 }, (_, i) => point(i + 1)),
      {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
          return Reflect.get(target, key, receiver) as unknown;
        },
      },
    );
    const data = { items };
    mergeStatusIntoPoints(data, []); // builds the id index once (a walk of the list)
    reads = 0;
    const out = mergeStatusIntoPoints(data, [
      statusEvent(5000, { status: 'online', canSell: 'full' }),
      statusEvent(7, { status: 'online', canSell: 'full' }),
    ]);
    expect(out.data).toBe(data);
    expect(reads).toBe(2);
  });

  it('carries the index over to the list it derives, so later batches still find their kiosks', () => {
    const first = mergeStatusIntoPoints(points([1, 2, 3]), [statusEvent(2, { status: 'stale' })]);
    const second = mergeStatusIntoPoints(first.data, [statusEvent(3, { status: 'blocked' })]);
    expect(second.data.items.map((p) => p.status)).toEqual(['online', 'stale', 'blocked']);
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
    qc.setQueryData(fleetKeys.mapPoints, points([1, 2]));
    qc.setQueryData(fleetKeys.unresolvedAlerts, [alert('a1')]);

    const batch = coalesce([
      { type: 'kiosk_status', payload: statusEvent(2, { status: 'maintenance', canSell: 'none' }) },
      { type: 'alert_raised', payload: alert('a2', { severity: 'critical' }) },
      { type: 'alert_updated', payload: alert('a1', { status: 'resolved' }) },
    ]);
    applyFeedBatch(qc, batch, [fleetMerger]);

    expect(qc.getQueryData<MapPoints>(fleetKeys.mapPoints)!.items[1]).toMatchObject({
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
