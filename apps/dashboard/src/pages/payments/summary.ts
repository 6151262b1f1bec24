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
  period?: { from: string; to: string },
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
  const columns =
    groupBy === 'day'
      ? dayColumns(sorted, period)
      : [sorted.map((_, i) => i), sorted.map((g) => Number(g.total)), sorted.map((g) => Number(g.refunded))];
  return {
    currencies,
    data: columns as AlignedData,
    keys: groupBy === 'day' ? undefined : sorted.map((g) => g.key),
    count: sorted.reduce((n, g) => n + g.count, 0),
    total: sorted.reduce((n, g) => n + Number(g.total), 0),
    refunded: sorted.reduce((n, g) => n + Number(g.refunded), 0),
  };
}

const DAY_SEC = 86_400;

/**
 * One column per UTC day of the period (days without sales are 0), x in unix seconds. Only the days
 * with sales would leave uPlot a single x to range over (it then spans years, one hairline bar) and
 * no spacing to size the bars by.
 */
function dayColumns(
  groups: PaymentSummary['groups'],
  period?: { from: string; to: string },
): [number[], number[], number[]] {
  const byDay = new Map(groups.map((g) => [Date.parse(`${g.key}T00:00:00Z`) / 1000, g]));
  const known = [...byDay.keys()];
  const floorDay = (sec: number) => Math.floor(sec / DAY_SEC) * DAY_SEC;
  const first = period ? floorDay(Date.parse(period.from) / 1000) : Math.min(...known);
  const end = period ? Date.parse(period.to) / 1000 : Math.max(...known) + DAY_SEC;
  const x: number[] = [];
  for (let day = first; day < end; day += DAY_SEC) x.push(day);
  // Days outside the period (none when the API honours from/to) still get their column.
  for (const day of known) if (!x.includes(day)) x.push(day);
  x.sort((a, b) => a - b);
  return [
    x,
    x.map((day) => Number(byDay.get(day)?.total ?? 0)),
    x.map((day) => Number(byDay.get(day)?.refunded ?? 0)),
  ];
}
