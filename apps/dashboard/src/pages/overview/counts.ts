import type { AlertDto, KioskDto } from '../../feed/events';

/** The statuses the overview counts (decommissioned kiosks are out of service for good, not counted). */
export const OVERVIEW_STATUSES = ['online', 'stale', 'offline', 'blocked', 'maintenance'] as const;
export type OverviewStatus = (typeof OVERVIEW_STATUSES)[number];

/** What a kiosk can sell right now; `unknown` until it has reported. */
export const SELL_STATES = ['full', 'card_only', 'cash_only', 'none', 'unknown'] as const;
export type SellState = (typeof SELL_STATES)[number];

export interface FleetCounts {
  total: number;
  byStatus: Record<OverviewStatus, number>;
  bySell: Record<SellState, number>;
}

/** What the counts read of a kiosk: a whole kiosk resource or a map point both have it. */
export type Countable = Pick<KioskDto, 'status' | 'canSell'>;

export function countFleet(kiosks: Iterable<Countable>): FleetCounts {
  const byStatus = Object.fromEntries(OVERVIEW_STATUSES.map((s) => [s, 0])) as Record<OverviewStatus, number>;
  const bySell = Object.fromEntries(SELL_STATES.map((s) => [s, 0])) as Record<SellState, number>;
  let total = 0;
  for (const k of kiosks) {
    if (k.status === 'decommissioned') continue;
    total++;
    byStatus[k.status]++;
    bySell[k.canSell ?? 'unknown']++;
  }
  return { total, byStatus, bySell };
}

export type Severity = AlertDto['severity'];

export interface AlertCounts {
  /** Open (not yet acknowledged) alerts by severity: what nobody has picked up. */
  open: Record<Severity, number>;
  openTotal: number;
  acknowledged: number;
}

export function countAlerts(alerts: Iterable<AlertDto>): AlertCounts {
  const open: Record<Severity, number> = { critical: 0, major: 0, warning: 0, info: 0 };
  let openTotal = 0;
  let acknowledged = 0;
  for (const a of alerts) {
    if (a.status === 'open') {
      open[a.severity]++;
      openTotal++;
    } else if (a.status === 'acknowledged') acknowledged++;
  }
  return { open, openTotal, acknowledged };
}

/** The counts of the API's fleet summary, in the shape the page shows. */
export function countsOfSummary(s: {
  total: number;
  byStatus: Record<OverviewStatus, number>;
  bySell: Record<SellState, number>;
}): FleetCounts {
  const byStatus = Object.fromEntries(OVERVIEW_STATUSES.map((st) => [st, s.byStatus[st]])) as Record<
    OverviewStatus,
    number
  >;
  return { total: s.total, byStatus, bySell: { ...s.bySell } };
}

const URGENT = new Set<KioskDto['status']>(['blocked', 'offline', 'stale']);

/**
 * The summary's attention list (the API orders it: blocked, offline, stale, the longest silent
 * first) with the statuses the feed has brought since it was read: a kiosk that came back is left
 * out until the summary is read again, one that changed between urgent statuses shows its new one.
 */
export function liveAttention(
  attention: readonly KioskDto[],
  statusOf: (id: number) => Countable | undefined,
): KioskDto[] {
  const out: KioskDto[] = [];
  for (const k of attention) {
    const now = statusOf(k.id);
    if (!now) {
      out.push(k);
      continue;
    }
    if (!URGENT.has(now.status)) continue;
    out.push(
      now.status === k.status && now.canSell === k.canSell
        ? k
        : { ...k, status: now.status, canSell: now.canSell },
    );
  }
  return out;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, major: 1, warning: 2, info: 3 };

/** Open alerts, most severe then newest first. */
export function topOpenAlerts(alerts: Iterable<AlertDto>, limit: number): AlertDto[] {
  const open = [...alerts].filter((a) => a.status === 'open');
  open.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      Date.parse(b.lastSeenAt) - Date.parse(a.lastSeenAt),
  );
  return open.slice(0, limit);
}
