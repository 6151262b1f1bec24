import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { AlertDto, FeedBatch, KioskDto, KioskStatusEvent, PaymentDto } from './events';
import { exponentOf, toMinor } from './money';
import type { FeedMerger } from './registry';

/**
 * The fleet-wide cache entries the overview reads, and how feed events keep them live. Pure functions
 * (data in, data out; unchanged data keeps its identity so nothing re-renders for nothing) plus the
 * merger that applies them to the query cache.
 */

export type KioskPage = { items: KioskDto[]; nextCursor: string | null };
export type FleetData = InfiniteData<KioskPage, string | undefined>;

/** Sales of one currency since `from`, in exact minor units. */
export interface CurrencySales {
  currency: string;
  exponent: number;
  /** Sum of the payments that did not fail. */
  totalMinor: number;
  count: number;
  refundedMinor: number;
}

export interface SalesSince {
  /** Start of the period (ISO), e.g. local midnight. */
  from: string;
  /** When the REST summary was read (ms since epoch): payments created later are not in it. */
  fetchedAt: number;
  byCurrency: Record<string, CurrencySales>;
  /** Payments counted live, with the refunded amount counted for them (minor units). */
  live: Record<string, number>;
}

export const fleetKeys = {
  all: ['fleet'] as const,
  kiosks: ['fleet', 'kiosks'] as const,
  unresolvedAlerts: ['fleet', 'alerts', 'unresolved'] as const,
  salesRoot: ['fleet', 'sales'] as const,
  sales: (from: string) => ['fleet', 'sales', from] as const,
};

/** Payments created this close to the summary's read time may or may not be in it: refetch instead of guessing. */
export const SALES_AMBIGUITY_MS = 2_000;

/**
 * Status events applied to the fleet's pages. Returns the ids the pages do not hold (a kiosk newly
 * registered or assigned to this user): the caller refetches to learn the whole resource.
 */
export function mergeStatusIntoFleet(
  data: FleetData,
  events: readonly KioskStatusEvent[],
): { data: FleetData; unknownIds: number[] } {
  if (events.length === 0) return { data, unknownIds: [] };
  const byKiosk = new Map(events.map((e) => [e.kioskId, e]));
  const seen = new Set<number>();
  let changed = false;
  const pages = data.pages.map((page) => {
    let items: KioskDto[] | null = null;
    page.items.forEach((kiosk, i) => {
      const ev = byKiosk.get(kiosk.id);
      if (!ev) return;
      seen.add(kiosk.id);
      if (ev.status === kiosk.status && ev.canSell === kiosk.canSell) return;
      items ??= page.items.slice();
      items[i] = { ...kiosk, status: ev.status, canSell: ev.canSell };
    });
    if (!items) return page;
    changed = true;
    return { ...page, items };
  });
  const unknownIds = [...byKiosk.keys()].filter((id) => !seen.has(id));
  return { data: changed ? { ...data, pages } : data, unknownIds };
}

/** Alerts not yet resolved (open or acknowledged), kept current from `alert_raised`/`alert_updated`. */
export function mergeAlertsIntoUnresolved(
  list: readonly AlertDto[],
  alerts: readonly AlertDto[],
): AlertDto[] {
  if (alerts.length === 0) return list as AlertDto[];
  const incoming = new Map(alerts.map((a) => [a.id, a]));
  let changed = false;
  const out: AlertDto[] = [];
  for (const alert of list) {
    const next = incoming.get(alert.id);
    if (!next) {
      out.push(alert);
      continue;
    }
    incoming.delete(alert.id);
    changed = true;
    if (next.status !== 'resolved') out.push(next);
  }
  for (const alert of incoming.values()) {
    if (alert.status === 'resolved') continue;
    out.push(alert);
    changed = true;
  }
  return changed ? out : (list as AlertDto[]);
}

/**
 * Payments applied to the sales since `from`. A payment first seen live and created after the
 * summary was read is added; a later change of one counted live adjusts its refund. Anything else
 * that touches the period (a change to a payment the summary already held, or one created around
 * the time it was read) cannot be applied exactly: `stale` asks the caller to read the summary again.
 */
export function mergePaymentsIntoSales(
  sales: SalesSince,
  payments: readonly PaymentDto[],
): { sales: SalesSince; stale: boolean } {
  let next: SalesSince | null = null;
  let stale = false;
  const fromMs = Date.parse(sales.from);
  for (const p of payments) {
    if (Date.parse(p.occurredAt) < fromMs) continue;
    const current: SalesSince = next ?? sales;
    const exponent = exponentOf(p.amount);
    const refundedMinor = toMinor(p.refundedAmount, exponent);
    const countedRefund = current.live[p.id];
    if (countedRefund !== undefined) {
      if (refundedMinor === countedRefund && p.status !== 'failed') continue;
      if (p.status === 'failed') {
        stale = true; // a counted payment turned failed: rare enough to re-read
        continue;
      }
      next = withCurrency(current, p.currency, exponent, (c) => ({
        ...c,
        refundedMinor: c.refundedMinor + refundedMinor - countedRefund,
      }));
      next.live = { ...next.live, [p.id]: refundedMinor };
      continue;
    }
    if (Date.parse(p.createdAt) <= sales.fetchedAt + SALES_AMBIGUITY_MS) {
      stale = true;
      continue;
    }
    if (p.status === 'failed') continue;
    next = withCurrency(current, p.currency, exponent, (c) => ({
      ...c,
      totalMinor: c.totalMinor + p.amountMinor,
      count: c.count + 1,
      refundedMinor: c.refundedMinor + refundedMinor,
    }));
    next.live = { ...next.live, [p.id]: refundedMinor };
  }
  return { sales: next ?? sales, stale };
}

function withCurrency(
  sales: SalesSince,
  currency: string,
  exponent: number,
  update: (c: CurrencySales) => CurrencySales,
): SalesSince {
  const existing = sales.byCurrency[currency] ?? {
    currency,
    exponent,
    totalMinor: 0,
    count: 0,
    refundedMinor: 0,
  };
  return { ...sales, byCurrency: { ...sales.byCurrency, [currency]: update(existing) } };
}

/** The merger for the entries above; registered by the feed provider itself. */
export const fleetMerger: FeedMerger = (queryClient: QueryClient, batch: FeedBatch) => {
  if (batch.kioskStatus.length > 0) {
    let missing = false;
    queryClient.setQueryData<FleetData>(fleetKeys.kiosks, (data) => {
      if (!data) return data;
      const merged = mergeStatusIntoFleet(data, batch.kioskStatus);
      missing = merged.unknownIds.length > 0;
      return merged.data;
    });
    const state = queryClient.getQueryState(fleetKeys.kiosks);
    if (missing && state?.fetchStatus === 'idle')
      void queryClient.invalidateQueries({ queryKey: fleetKeys.kiosks });
  }
  if (batch.alerts.length > 0) {
    queryClient.setQueryData<AlertDto[]>(fleetKeys.unresolvedAlerts, (list) =>
      list ? mergeAlertsIntoUnresolved(list, batch.alerts) : list,
    );
  }
  if (batch.payments.length > 0) {
    for (const query of queryClient.getQueryCache().findAll({ queryKey: fleetKeys.salesRoot })) {
      let stale = false;
      queryClient.setQueryData<SalesSince>(query.queryKey, (sales) => {
        if (!sales) return sales;
        const merged = mergePaymentsIntoSales(sales, batch.payments);
        stale = merged.stale;
        return merged.sales;
      });
      if (stale && query.state.fetchStatus === 'idle')
        void queryClient.invalidateQueries({ queryKey: query.queryKey });
    }
  }
};
