import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useApi } from '../../api';
import { registerFeedMerger } from '../../feed';
import type { IssueCommandBody } from './command-form';
import { kiosksFeedMerger } from './feed-merger';
import type { KioskListQuery } from './kiosk-filters';
import type { CommandDto, FeedReading, KioskStateDto } from './live-merge';
import { kioskKeys, LIVE_WINDOW_MS } from './query-keys';
import {
  HISTORY_RANGES,
  parseAnomalyScores,
  type HistoryRange,
  type TelemetryBucket,
} from './telemetry-series';

// Runs when the first kiosks page loads: from then on the feed keeps this area's cache live.
registerFeedMerger(kiosksFeedMerger);

/** The API's largest page: 10,000 kiosks arrive in 50 requests. */
const LIST_PAGE = 200;

/**
 * Every kiosk matching the server-side filters. The first page renders at once; the rest are read in
 * the background, one page after another, so the table fills while it is already usable and the
 * status filter and sort (applied locally) see the whole fleet once `complete`.
 */
export function useKioskList(q: KioskListQuery) {
  const api = useApi();
  const query = useInfiniteQuery({
    queryKey: kioskKeys.list(q),
    queryFn: ({ pageParam, signal }) =>
      api.GET('/api/v1/kiosks', { params: { query: { ...q, limit: LIST_PAGE, cursor: pageParam } }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const { hasNextPage, isFetchingNextPage, isError, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isError, fetchNextPage]);
  return { ...query, complete: query.isSuccess && !hasNextPage };
}

export function useKiosk(id: number) {
  const api = useApi();
  return useQuery({
    queryKey: kioskKeys.kiosk(id),
    queryFn: ({ signal }) => api.GET('/api/v1/kiosks/{id}', { params: { path: { id } }, signal }),
  });
}

export function useKioskState(id: number) {
  const api = useApi();
  return useQuery({
    queryKey: kioskKeys.state(id),
    queryFn: ({ signal }): Promise<KioskStateDto> =>
      api.GET('/api/v1/kiosks/{id}/state', { params: { path: { id } }, signal }),
  });
}

/**
 * The live charts' readings: the last ten minutes from the raw telemetry query, then whatever the
 * feed appends (the feed writes into this query's data; it is never refetched behind its back).
 */
export function useLiveReadings(id: number) {
  const api = useApi();
  return useQuery({
    queryKey: kioskKeys.liveReadings(id),
    queryFn: async ({ signal }): Promise<FeedReading[]> => {
      const now = Date.now();
      const page = await api.GET('/api/v1/kiosks/{id}/telemetry', {
        params: {
          path: { id },
          query: { bucket: 'raw', from: new Date(now - LIVE_WINDOW_MS).toISOString(), limit: 1000 },
        },
        signal,
      });
      return (page.items as FeedReading[]).map(
        ({ timestamp, environmental, hardware, peripherals, location, network }) => ({
          timestamp,
          environmental,
          hardware,
          peripherals,
          location,
          network,
        }),
      );
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** At most this many bucket pages per range (the 24 h range at 1 m is 1,440 buckets: two pages). */
const HISTORY_MAX_PAGES = 3;

/** avg/min/max per bucket over the chosen range, ending now. */
export function useTelemetryHistory(id: number, rangeKey: HistoryRange['key']) {
  const api = useApi();
  const range = HISTORY_RANGES.find((r) => r.key === rangeKey) ?? HISTORY_RANGES[0];
  return useQuery({
    queryKey: kioskKeys.history(id, range.key),
    queryFn: async ({ signal }): Promise<TelemetryBucket[]> => {
      const to = new Date();
      const from = new Date(to.getTime() - range.ms);
      const out: TelemetryBucket[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < HISTORY_MAX_PAGES; page++) {
        const res = await api.GET('/api/v1/kiosks/{id}/telemetry', {
          params: {
            path: { id },
            query: {
              bucket: range.bucket,
              from: from.toISOString(),
              to: to.toISOString(),
              limit: 1000,
              cursor,
            },
          },
          signal,
        });
        out.push(...(res.items as TelemetryBucket[]));
        if (!res.nextCursor) break;
        cursor = res.nextCursor;
      }
      return out;
    },
    staleTime: 60_000,
  });
}

/**
 * The model's anomaly score of each reading over a short range. Only the NDJSON export carries it,
 * so it is read for ranges of a few hours (`withAnomaly`) and never for the long ones.
 */
export function useAnomalyScores(id: number, range: HistoryRange) {
  const api = useApi();
  return useQuery({
    queryKey: kioskKeys.anomaly(id, range.key),
    enabled: range.withAnomaly,
    queryFn: async ({ signal }) => {
      const to = new Date();
      const text = await api.GET('/api/v1/kiosks/{id}/telemetry/export', {
        params: {
          path: { id },
          query: {
            format: 'ndjson',
            from: new Date(to.getTime() - range.ms).toISOString(),
            to: to.toISOString(),
          },
        },
        parseAs: 'text',
        signal,
      });
      return parseAnomalyScores(text);
    },
    staleTime: 60_000,
  });
}

export function useKioskCommands(id: number) {
  const api = useApi();
  return useQuery({
    queryKey: kioskKeys.commands(id),
    queryFn: async ({ signal }): Promise<CommandDto[]> =>
      (
        await api.GET('/api/v1/kiosks/{id}/commands', {
          params: { path: { id }, query: { limit: 20 } },
          signal,
        })
      ).items,
  });
}

/** One command with its whole transition history (the timeline of an expanded command). */
export function useCommand(commandId: string) {
  const api = useApi();
  return useQuery({
    queryKey: kioskKeys.command(commandId),
    queryFn: ({ signal }) =>
      api.GET('/api/v1/commands/{id}', { params: { path: { id: commandId } }, signal }),
  });
}

/** Sends a command under the caller's Idempotency-Key (see CommandForm for when it changes). */
export function useSendCommand(id: number) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: IssueCommandBody; idempotencyKey: string }) =>
      api.POST('/api/v1/kiosks/{id}/commands', {
        params: { path: { id }, header: { 'Idempotency-Key': idempotencyKey } },
        body,
      }),
    onSuccess: (cmd) => {
      client.setQueryData<CommandDto[]>(kioskKeys.commands(id), (items) =>
        items && !items.some((c) => c.id === cmd.id) ? [cmd, ...items] : items,
      );
    },
  });
}

export function useKioskAlerts(id: number) {
  const api = useApi();
  return useQuery({
    queryKey: kioskKeys.alerts(id),
    queryFn: async ({ signal }) =>
      (await api.GET('/api/v1/alerts', { params: { query: { kioskId: id, limit: 5 } }, signal })).items,
  });
}

export function useKioskPayments(id: number) {
  const api = useApi();
  return useQuery({
    queryKey: kioskKeys.payments(id),
    queryFn: async ({ signal }) => {
      const page = await api.GET('/api/v1/payments', {
        params: { query: { kioskId: id, limit: 5 } },
        signal,
      });
      // The route can also answer text/csv; without an Accept for it the answer is the JSON page.
      if (typeof page === 'string') throw new TypeError('GET /payments answered CSV to a JSON request');
      return page.items;
    },
  });
}

/** The kiosk's QR as an SVG document (the server renders it from the kiosk's code). */
export function useKioskQr(id: number) {
  const api = useApi();
  return useQuery({
    queryKey: kioskKeys.qr(id),
    queryFn: ({ signal }) =>
      api.GET('/api/v1/kiosks/{id}/qr', {
        params: { path: { id }, query: { format: 'svg' } },
        parseAs: 'text',
        signal,
      }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useAssignKiosk() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.POST('/api/v1/kiosks/assign', { body: { code } }),
    onSuccess: (kiosk) => {
      client.setQueryData(kioskKeys.kiosk(kiosk.id), kiosk);
      // The kiosk just became visible to this user: lists loaded before do not hold it yet.
      void client.invalidateQueries({ queryKey: kioskKeys.lists() });
    },
  });
}
