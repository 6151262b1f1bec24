import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { AlertDto } from '../../feed/events';
import { fleetKeys, type CurrencySales, type SalesSince } from '../../feed/fleet-cache';
import { exponentOf, toMinor } from '../../feed/money';

/**
 * The fleet's counts and the kiosks needing attention, computed by the API over what the user may
 * see (one small response, whatever the fleet's size). The feed re-reads it when statuses move
 * (fleetMerger); the counts on screen follow the map points in between.
 */
export function useFleetSummary(enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: fleetKeys.summary,
    enabled,
    queryFn: ({ signal }) => api.GET('/api/v1/kiosks/summary', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * Every kiosk the user may see as a map point (id, name, serial, position, status, canSell), in one
 * request; the feed keeps statuses current by id (fleetMerger). Also the names alerts and payments
 * show for their `kioskId`.
 */
export function useMapPoints() {
  const api = useApi();
  return useQuery({
    queryKey: fleetKeys.mapPoints,
    queryFn: ({ signal }) => api.GET('/api/v1/kiosks/map-points', { signal }),
    staleTime: Number.POSITIVE_INFINITY, // live through the feed; refetched after a feed gap
  });
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
