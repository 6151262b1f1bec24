import type { InfiniteData } from '@tanstack/react-query';
import type { KioskDto, KioskListQuery } from './kiosk-filters';
import type { HistoryRange } from './telemetry-series';

export type KioskPage = { items: KioskDto[]; nextCursor: string | null };
export type KioskListData = InfiniteData<KioskPage, string | undefined>;

/** Query keys of this area; everything about one kiosk sits under `['kiosks', id]`. */
export const kioskKeys = {
  lists: () => ['kiosks', 'list'] as const,
  list: (q: KioskListQuery) => ['kiosks', 'list', q] as const,
  kiosk: (id: number) => ['kiosks', id] as const,
  state: (id: number) => ['kiosks', id, 'state'] as const,
  liveReadings: (id: number) => ['kiosks', id, 'telemetry', 'live'] as const,
  history: (id: number, range: HistoryRange['key']) => ['kiosks', id, 'telemetry', 'history', range] as const,
  anomaly: (id: number, range: HistoryRange['key']) => ['kiosks', id, 'telemetry', 'anomaly', range] as const,
  commands: (id: number) => ['kiosks', id, 'commands'] as const,
  command: (commandId: string) => ['commands', commandId] as const,
  alerts: (id: number) => ['kiosks', id, 'alerts'] as const,
  payments: (id: number) => ['kiosks', id, 'payments'] as const,
  qr: (id: number) => ['kiosks', id, 'qr'] as const,
};

/** How far back the live charts start, read once from REST before the feed appends to it. */
export const LIVE_WINDOW_MS = 10 * 60_000;
/** At most one feed reading per kiosk per second: ten minutes of them. */
export const LIVE_MAX_POINTS = 600;
