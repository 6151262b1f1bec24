import type { Schema } from '@kiosk-fleet/sdk';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api';
import { jobPollInterval, type DataSource } from './retrain';

export type AiModel = Schema<'AiModelDto'>;

export const aiKeys = {
  models: ['ai', 'models'] as const,
  job: (id: string) => ['ai', 'job', id] as const,
  forecast: (kioskId: number, days: number) => ['ai', 'forecast', kioskId, days] as const,
  kioskChoices: ['ai', 'kiosk-choices'] as const,
};

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

export function useForecast(kioskId: number | null, days: number) {
  const api = useApi();
  return useQuery({
    queryKey: aiKeys.forecast(kioskId ?? 0, days),
    enabled: kioskId !== null,
    queryFn: ({ signal }) =>
      api.GET('/api/v1/ai/forecast', { params: { query: { kioskId: kioskId ?? 0, days } }, signal }),
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
