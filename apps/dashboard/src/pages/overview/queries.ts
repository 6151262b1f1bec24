import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { AlertDto } from '../../feed/events';
import { fleetKeys, type CurrencySales, type SalesSince } from '../../feed/fleet-cache';
import { exponentOf, toMinor } from '../../feed/money';

/** The API's largest page: 10,000 kiosks arrive in 50 requests. */
const PAGE = 200;

/**
 * Every kiosk the user may see. The first page renders at once and the rest follow one request after
 * another, so the counts and the map fill in while the page is already usable; the feed keeps the
 * statuses current (fleetMerger).
 */
export function useFleetKiosks() {
  const api = useApi();
  const query = useInfiniteQuery({
    queryKey: fleetKeys.kiosks,
    queryFn: ({ pageParam, signal }) =>
      api.GET('/api/v1/kiosks', { params: { query: { limit: PAGE, cursor: pageParam } }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: Number.POSITIVE_INFINITY, // live through the feed; refetched after a feed gap
  });
  const { hasNextPage, isFetchingNextPage, isError, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isError, fetchNextPage]);
  return { ...query, complete: query.isSuccess && !hasNextPage };
}

/** Alerts not resolved yet (open and acknowledged), all pages; the feed keeps the list current. */
export function useUnresolvedAlerts() {
  const api = useApi();
  return useQuery({
    queryKey: fleetKeys.unresolvedAlerts,
    queryFn: async (): Promise<AlertDto[]> => {
      const out: AlertDto[] = [];
      for (const status of ['open', 'acknowledged'] as const) {
        for await (const alert of api.paginate('/api/v1/alerts', { query: { status, limit: 200 } }))
          out.push(alert);
      }
      return out;
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Local midnight of today as ISO; changes when the day does (checked every minute). */
export function useStartOfToday(): string {
  const [from, setFrom] = useState(startOfToday);
  useEffect(() => {
    const timer = setInterval(
      () => setFrom((prev) => (prev === startOfToday() ? prev : startOfToday())),
      60_000,
    );
    return () => clearInterval(timer);
  }, []);
  return from;
}

function startOfToday(): string {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
}

/** Sales since local midnight, per currency, exact; payments from the feed are added as they come. */
export function useSalesToday() {
  const api = useApi();
  const from = useStartOfToday();
  return useQuery({
    queryKey: fleetKeys.sales(from),
    queryFn: async ({ signal }): Promise<SalesSince> => {
      const fetchedAt = Date.now();
      // groupBy=day splits at UTC midnight: local "today" may span two UTC days, summed here.
      const summary = await api.GET('/api/v1/payments/summary', {
        params: { query: { groupBy: 'day', from } },
        signal,
      });
      const byCurrency: Record<string, CurrencySales> = {};
      for (const g of summary.groups) {
        const exponent = Math.max(exponentOf(g.total), exponentOf(g.refunded));
        const c = (byCurrency[g.currency] ??= {
          currency: g.currency,
          exponent,
          totalMinor: 0,
          count: 0,
          refundedMinor: 0,
        });
        c.totalMinor += toMinor(g.total, c.exponent);
        c.refundedMinor += toMinor(g.refunded, c.exponent);
        c.count += g.count;
      }
      return { from, fetchedAt, byCurrency, live: {} };
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}
