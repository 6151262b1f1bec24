import type { Schema } from '@kiosk-fleet/sdk';

export type Alert = Schema<'AlertDto'>;

/** The inbox filters, as sent to `GET /alerts` (absent = any). */
export interface AlertFilters {
  status?: Alert['status'];
  severity?: Alert['severity'];
  type?: Alert['type'];
  kioskId?: number;
}

export function matchesFilters(alert: Alert, filters: AlertFilters): boolean {
  return (
    (filters.status === undefined || alert.status === filters.status) &&
    (filters.severity === undefined || alert.severity === filters.severity) &&
    (filters.type === undefined || alert.type === filters.type) &&
    (filters.kioskId === undefined || alert.kioskId === filters.kioskId)
  );
}

/** The list's order on the server (list-alerts: first_seen_at DESC, id DESC): negative when `a` comes first. */
export function compareAlerts(a: Alert, b: Alert): number {
  if (a.firstSeenAt !== b.firstSeenAt) return Date.parse(b.firstSeenAt) - Date.parse(a.firstSeenAt);
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** A page of any list the API pages with `{ items, nextCursor }`. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type AlertPage = Page<Alert>;

export interface ListOrder<T> {
  /** Whether the item belongs in this (filtered) list. */
  matches: (item: T) => boolean;
  /** The server's order: negative when `a` is listed before `b`. */
  compare: (a: T, b: T) => number;
}

/**
 * Applies a batch of live payloads (each the whole resource: `alert_raised`, `alert_updated`,
 * `payment_recorded`, or a mutation's answer) to the loaded pages of one filtered list:
 * - a loaded item is replaced, or dropped when it no longer matches (acknowledged while the inbox
 *   shows open ones);
 * - a new matching item is inserted where the server would list it, unless it sorts after
 *   everything loaded while more pages remain (the next page brings it; inserting it now would show
 *   it twice).
 * Pages that did not change keep their identity so React re-renders only what moved.
 */
export function mergeIntoPages<T extends { id: string }>(
  pages: readonly Page<T>[],
  incoming: readonly T[],
  order: ListOrder<T>,
): Page<T>[] {
  if (incoming.length === 0 || pages.length === 0) return pages as Page<T>[];
  // Within a batch the later payload of an item is the newer one (the feed keeps order per item).
  const latest = new Map<string, T>();
  for (const item of incoming) latest.set(item.id, item);

  let changed = false;
  const out = pages.map((page) => {
    let items: T[] | null = null;
    page.items.forEach((item, i) => {
      const next = latest.get(item.id);
      if (!next) return;
      latest.delete(item.id);
      items ??= page.items.slice();
      items[i] = next;
    });
    if (!items) return page;
    changed = true;
    return { ...page, items: (items as T[]).filter(order.matches) };
  });

  const fresh = [...latest.values()].filter(order.matches);
  if (fresh.length > 0) {
    const everythingLoaded = out[out.length - 1].nextCursor === null;
    const oldestLoaded = out.flatMap((p) => p.items).at(-1);
    const insertable = fresh.filter(
      (item) => everythingLoaded || oldestLoaded === undefined || order.compare(item, oldestLoaded) < 0,
    );
    for (const item of insertable.sort(order.compare)) {
      // The first page whose last item it precedes; the last page when it is the oldest of all.
      const at = out.findIndex(
        (p) => p.items.length > 0 && order.compare(item, p.items[p.items.length - 1]) < 0,
      );
      const index = at < 0 ? out.length - 1 : at;
      const page = out[index];
      const position = page.items.findIndex((other) => order.compare(item, other) < 0);
      const items = page.items.slice();
      items.splice(position < 0 ? items.length : position, 0, item);
      out[index] = { ...page, items };
      changed = true;
    }
  }
  return changed ? out : (pages as Page<T>[]);
}

/** Alert payloads applied to one inbox list (see mergeIntoPages). */
export function mergeAlertsIntoPages(
  pages: readonly AlertPage[],
  incoming: readonly Alert[],
  filters: AlertFilters,
): AlertPage[] {
  return mergeIntoPages(pages, incoming, {
    matches: (a) => matchesFilters(a, filters),
    compare: compareAlerts,
  });
}
