import type { QueryClient } from '@tanstack/react-query';
import type { Schema } from '@kiosk-fleet/sdk';
import type { AlertDto, FeedBatch, KioskStatusEvent, PaymentDto } from './events';
import { exponentOf, toMinor } from './money';
import type { FeedMerger } from './registry';

/**
 * The fleet-wide cache entries the overview reads, and how feed events keep them live. Pure functions
 * (data in, data out; unchanged data keeps its identity so nothing re-renders for nothing) plus the
 * merger that applies them to the query cache.
 */

export type MapPoint = Schema<'KioskMapPointDto'>;
export type MapPoints = Schema<'KioskMapPointsDto'>;
export type FleetSummary = Schema<'FleetSummaryDto'>;

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
  summary: ['fleet', 'summary'] as const,
  mapPoints: ['fleet', 'map-points'] as const,
  unresolvedAlerts: ['fleet', 'alerts', 'unresolved'] as const,
  salesRoot: ['fleet', 'sales'] as const,
  sales: (from: string) => ['fleet', 'sales', from] as const,
};

/** Payments created this close to the summary's read time may or may not be in it: refetch instead of guessing. */
export const SALES_AMBIGUITY_MS = 2_000;

/** Position of each kiosk in a map points list; shared by the lists the merge derives (same order). */
const pointIndex = new WeakMap<readonly MapPoint[], Map<number, number>>();

function indexOf(items: readonly MapPoint[]): Map<number, number> {
  let index = pointIndex.get(items);
  if (!index) {
    index = new Map(items.map((p, i) => [p.id, i]));
    pointIndex.set(items, index);
  }
  return index;
}

/**
 * Status events applied to the map points by id: the cost is the batch's size, not the fleet's (the
 * id → position index is built once per list and carried over, the order never changes). Unchanged
 * points keep their identity and a batch that changes nothing keeps the data's. `changed` says
 * whether a status moved (the summary's attention list may then be out of date); `unknownIds` are
 * kiosks the list does not hold (newly registered or assigned): the caller reads the list again.
 */
export function mergeStatusIntoPoints(
  data: MapPoints,
  events: readonly KioskStatusEvent[],
): { data: MapPoints; statusChanged: boolean; unknownIds: number[] } {
  const index = indexOf(data.items);
  let items: MapPoint[] | null = null;
  let statusChanged = false;
  const unknownIds: number[] = [];
  for (const ev of events) {
    const i = index.get(ev.kioskId);
    if (i === undefined) {
      // A decommissioned kiosk is not a point: its last status event is not news.
      if (ev.status !== 'decommissioned') unknownIds.push(ev.kioskId);
      continue;
    }
    const point = (items ?? data.items)[i];
    if (point.status === ev.status && point.canSell === ev.canSell) continue;
    statusChanged ||= point.status !== ev.status;
    items ??= data.items.slice();
    items[i] = { ...point, status: ev.status, canSell: ev.canSell };
  }
  if (!items) return { data, statusChanged, unknownIds };
  pointIndex.set(items, index);
  return { data: { ...data, items }, statusChanged, unknownIds };
}

/** The summary's attention list is re-read at most this often while statuses move. */
export const SUMMARY_REFRESH_MS = 5_000;

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
  if (batch.kioskStatus.length > 0) mergeFleetStatuses(queryClient, batch.kioskStatus);
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

let summaryTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * Status events: the map points (and through them the overview's counts) follow at once; the
 * summary's attention list (ordered by last-seen times the events do not carry) is read again, at
 * most once per SUMMARY_REFRESH_MS, when a status moved or a kiosk is new to the points.
 */
function mergeFleetStatuses(queryClient: QueryClient, events: readonly KioskStatusEvent[]): void {
  let statusChanged = false;
  let missing = false;
  queryClient.setQueryData<MapPoints>(fleetKeys.mapPoints, (data) => {
    if (!data) return data;
    const merged = mergeStatusIntoPoints(data, events);
    statusChanged = merged.statusChanged;
    missing = merged.unknownIds.length > 0;
    return merged.data;
  });
  const points = queryClient.getQueryState(fleetKeys.mapPoints);
  if (missing && points?.fetchStatus === 'idle')
    void queryClient.invalidateQueries({ queryKey: fleetKeys.mapPoints });
  // Without points nothing says whether a status moved: assume it did.
  if (!statusChanged && !missing && points?.data) return;
  const summary = queryClient.getQueryState(fleetKeys.summary);
  if (!summary?.data || summaryTimer) return;
  const wait = Math.max(0, summary.dataUpdatedAt + SUMMARY_REFRESH_MS - Date.now());
  summaryTimer = setTimeout(() => {
    summaryTimer = null;
    void queryClient.invalidateQueries({ queryKey: fleetKeys.summary });
  }, wait);
}
