import type { Schema } from '@kiosk-fleet/sdk';
import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { useApi } from '../../api';
import { updateCachedLists, useCursorList } from '../../api/cursor-list';
import { registerFeedMerger } from '../../feed';
import { mergeAlertsIntoPages, type Alert, type AlertFilters, type AlertPage } from './live-merge';

export type AlertStats = Schema<'AlertStatsDto'>;
export type StatsGroupBy = 'type' | 'kiosk' | 'tag' | 'severity';
export type ResolveBody = Schema<'ResolveAlertDto'>;

export const alertKeys = {
  lists: ['alerts', 'list'] as const,
  list: (filters: AlertFilters) => ['alerts', 'list', filters] as const,
  detail: (id: string) => ['alerts', 'detail', id] as const,
  stats: (days: number, groupBy: StatsGroupBy) => ['alerts', 'stats', days, groupBy] as const,
};

export function useAlertList(filters: AlertFilters) {
  const api = useApi();
  return useCursorList(alertKeys.list(filters), (page, signal) =>
    api.GET('/api/v1/alerts', { params: { query: { ...filters, ...page } }, signal }),
  );
}

/**
 * Writes alerts (feed payloads or a mutation's answer) into every cached inbox list, each by its own
 * filters, so a new alert shows up and an acknowledged one moves without a refetch.
 */
export function applyAlerts(queryClient: QueryClient, alerts: readonly Alert[]): void {
  if (alerts.length === 0) return;
  for (const alert of alerts) {
    if (queryClient.getQueryData(alertKeys.detail(alert.id)))
      queryClient.setQueryData(alertKeys.detail(alert.id), alert);
  }
  updateCachedLists<AlertPage, AlertFilters>(queryClient, alertKeys.lists, (pages, filters) =>
    mergeAlertsIntoPages(pages, alerts, filters),
  );
}

/** One alert, seeded from the list it was opened from and kept current by the feed. */
export function useAlert(initial: Alert) {
  const api = useApi();
  return useQuery({
    queryKey: alertKeys.detail(initial.id),
    queryFn: ({ signal }) => api.GET('/api/v1/alerts/{id}', { params: { path: { id: initial.id } }, signal }),
    initialData: initial,
  });
}

/** The `from`/`to` of the last `days` days, ending now (rounded up to the minute). */
function lastDays(days: number): { from: string; to: string } {
  const to = Math.ceil(Date.now() / 60_000) * 60_000;
  return { from: new Date(to - days * 86_400_000).toISOString(), to: new Date(to).toISOString() };
}

export function useAlertStats(days: number, groupBy: StatsGroupBy) {
  const api = useApi();
  return useQuery({
    queryKey: alertKeys.stats(days, groupBy),
    queryFn: ({ signal }) =>
      api.GET('/api/v1/alerts/stats', { params: { query: { ...lastDays(days), groupBy } }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useAcknowledgeAlert() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: string; note?: string }) =>
      api.POST('/api/v1/alerts/{id}/acknowledge', { params: { path: { id } }, body: note ? { note } : {} }),
    onSuccess: (alert) => {
      applyAlerts(queryClient, [alert]);
      void queryClient.invalidateQueries({ queryKey: ['alerts', 'stats'] });
    },
  });
}

export function useResolveAlert() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ResolveBody }) =>
      api.POST('/api/v1/alerts/{id}/resolve', { params: { path: { id } }, body }),
    onSuccess: (alert) => {
      applyAlerts(queryClient, [alert]);
      void queryClient.invalidateQueries({ queryKey: ['alerts', 'stats'] });
    },
  });
}

// New and changed alerts from the admin feed land in every cached inbox (this module loads with the page).
registerFeedMerger((queryClient, batch) => applyAlerts(queryClient, batch.alerts));
