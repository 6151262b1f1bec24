import type { AlignedData } from 'uplot';
import type { PaymentSummary, SummaryGroupBy } from './queries';

export interface SummaryView {
  /** Currencies present, the one with the most payments first (the default shown). */
  currencies: string[];
  /** uPlot columns: x, total, refunded (major units of `currency`). */
  data: AlignedData;
  /** The group keys along x for kiosk/method (kiosk ids, method names); absent for days (a time axis). */
  keys?: string[];
  count: number;
  total: number;
  refunded: number;
}

/**
 * One currency of a summary as chart columns. Totals are exact decimal strings; they become numbers
 * only here, for drawing. Days run along a time axis (UTC midnight), kiosks and methods are
 * categories.
 */
export function summaryView(
  summary: PaymentSummary,
  groupBy: SummaryGroupBy,
  currency?: string,
): SummaryView {
  const counts = new Map<string, number>();
  for (const g of summary.groups) counts.set(g.currency, (counts.get(g.currency) ?? 0) + g.count);
  const currencies = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  const chosen = currency && counts.has(currency) ? currency : currencies[0];
  const groups = summary.groups.filter((g) => g.currency === chosen);
  const sorted =
    groupBy === 'day'
      ? [...groups].sort((a, b) => a.key.localeCompare(b.key))
      : [...groups].sort((a, b) => Number(b.total) - Number(a.total));
  const x = sorted.map((g, i) => (groupBy === 'day' ? Date.parse(`${g.key}T00:00:00Z`) / 1000 : i));
  return {
    currencies,
    data: [x, sorted.map((g) => Number(g.total)), sorted.map((g) => Number(g.refunded))],
    keys: groupBy === 'day' ? undefined : sorted.map((g) => g.key),
    count: sorted.reduce((n, g) => n + g.count, 0),
    total: sorted.reduce((n, g) => n + Number(g.total), 0),
    refunded: sorted.reduce((n, g) => n + Number(g.refunded), 0),
  };
}
