import { KioskFleetApiError, type Schema } from '@kiosk-fleet/sdk';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api';
import { jobPollInterval, type DataSource } from './retrain';

export type AiModel = Schema<'AiModelDto'>;

export const aiKeys = {
  models: ['ai', 'models'] as const,
  job: (id: string) => ['ai', 'job', id] as const,
  forecast: (kioskId: number, days: number) => ['ai', 'forecast', kioskId, days] as const,
  kioskChoices: ['ai', 'kiosk-choices'] as const,
  salesByKiosk: (from: string, to: string) => ['ai', 'sales-by-kiosk', from, to] as const,
};

/** The forecast looks back this far (the handler's HISTORY_DAYS) and stops before today. */
const HISTORY_DAYS = 365;
const DAY_MS = 86_400_000;

/** Models newest first; a fleet keeps a handful, so one page of 200 is all of them in practice. */
export function useModels() {
  const api = useApi();
  return useQuery({
    queryKey: aiKeys.models,
    queryFn: ({ signal }) => api.GET('/api/v1/ai/models', { params: { query: { limit: 200 } }, signal }),
  });
}

export function useActivateModel() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: string) =>
      api.POST('/api/v1/ai/models/{version}/activate', { params: { path: { version } } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: aiKeys.models }),
  });
}

export function useRollbackModel() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.POST('/api/v1/ai/models/rollback'),
    onSettled: () => queryClient.invalidateQueries({ queryKey: aiKeys.models }),
  });
}

export function useStartRetrain() {
  const api = useApi();
  return useMutation({
    mutationFn: (dataSource: DataSource) => api.POST('/api/v1/ai/models/retrain', { body: { dataSource } }),
  });
}

/** The retraining job, polled every second until it completes or fails; the model list is refreshed then. */
export function useRetrainJob(jobId: string | null) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: aiKeys.job(jobId ?? ''),
    enabled: jobId !== null,
    queryFn: async ({ signal }) => {
      const job = await api.GET('/api/v1/ai/jobs/{id}', { params: { path: { id: jobId ?? '' } }, signal });
      if (job.state === 'completed') void queryClient.invalidateQueries({ queryKey: aiKeys.models });
      return job;
    },
    refetchInterval: (query) => jobPollInterval(query.state.data),
  });
}

/**
 * The kiosk's forecast, or `null` when it has no sales to forecast from: the only 422 the forecast
 * answers, a state of the kiosk rather than a failure.
 */
export function useForecast(kioskId: number | null, days: number) {
  const api = useApi();
  return useQuery({
    queryKey: aiKeys.forecast(kioskId ?? 0, days),
    enabled: kioskId !== null,
    queryFn: async ({ signal }) => {
      try {
        return await api.GET('/api/v1/ai/forecast', {
          params: { query: { kioskId: kioskId ?? 0, days } },
          signal,
        });
      } catch (error) {
        if (error instanceof KioskFleetApiError && error.statusCode === 422) return null;
        throw error;
      }
    },
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

/** Kiosks offered in the forecast's picker (the first 200 by the list's order; any id can be typed in the URL). */
export function useKioskChoices() {
  const api = useApi();
  return useQuery({
    queryKey: aiKeys.kioskChoices,
    queryFn: ({ signal }) => api.GET('/api/v1/kiosks', { params: { query: { limit: 200 } }, signal }),
    staleTime: 60_000,
  });
}

/**
 * Of `ids`, the kiosk with the most payments over the forecast's history window (null when none has
 * any), so the page opens on a kiosk it can forecast.
 */
export function useBestSellingKiosk(ids: number[] | undefined) {
  const api = useApi();
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const to = today.toISOString();
  const from = new Date(today.getTime() - HISTORY_DAYS * DAY_MS).toISOString();
  return useQuery({
    queryKey: aiKeys.salesByKiosk(from, to),
    enabled: ids !== undefined,
    queryFn: ({ signal }) =>
      api.GET('/api/v1/payments/summary', { params: { query: { groupBy: 'kiosk', from, to } }, signal }),
    select: (summary): number | null => {
      const counts = new Map<number, number>();
      for (const g of summary.groups) counts.set(Number(g.key), (counts.get(Number(g.key)) ?? 0) + g.count);
      const ranked = (ids ?? []).filter((id) => (counts.get(id) ?? 0) > 0);
      ranked.sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));
      return ranked[0] ?? null;
    },
    staleTime: 5 * 60_000,
  });
}
