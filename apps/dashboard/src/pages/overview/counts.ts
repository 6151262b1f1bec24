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

export function countFleet(kiosks: Iterable<KioskDto>): FleetCounts {
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

const URGENCY: Record<string, number> = { blocked: 0, offline: 1, stale: 2 };

/**
 * Kiosks someone should look at, most urgent first: blocked, then offline, then stale; within a
 * status the one silent the longest first. Kiosks in maintenance are someone's work already.
 */
export function needsAttention(kiosks: Iterable<KioskDto>, limit: number): KioskDto[] {
  const out: KioskDto[] = [];
  for (const k of kiosks) if (k.status in URGENCY) out.push(k);
  out.sort(
    (a, b) =>
      URGENCY[a.status] - URGENCY[b.status] ||
      (a.lastSeenAt ? Date.parse(a.lastSeenAt) : 0) - (b.lastSeenAt ? Date.parse(b.lastSeenAt) : 0),
  );
  return out.slice(0, limit);
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
