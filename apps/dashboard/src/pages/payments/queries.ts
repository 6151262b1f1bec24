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
import { mergeIntoPages, type Page } from '../alerts/live-merge';
import type { Payment, RefundBody } from './refund';

export type SummaryGroupBy = 'day' | 'kiosk' | 'method';
export type PaymentSummary = Schema<'PaymentSummaryDto'>;

/** The list filters, as sent to `GET /payments` and its CSV export (absent = any). */
export interface PaymentFilters {
  kioskId?: number;
  method?: Payment['method'];
  status?: Payment['status'];
  currency?: string;
  from?: string;
  to?: string;
  minAmount?: string;
  maxAmount?: string;
}

export const paymentKeys = {
  lists: ['payments', 'list'] as const,
  list: (filters: PaymentFilters) => ['payments', 'list', filters] as const,
  summary: (groupBy: SummaryGroupBy, from: string, to: string) =>
    ['payments', 'summary', groupBy, from, to] as const,
};

export function usePaymentList(filters: PaymentFilters) {
  const api = useApi();
  return useCursorList(
    paymentKeys.list(filters),
    // The route also answers CSV for `Accept: text/csv`, so its type is a union; the SDK parses JSON
    // unless told otherwise, which makes this the page.
    async (page, signal) =>
      (await api.GET('/api/v1/payments', {
        params: { query: { ...filters, ...page } },
        signal,
      })) as Page<Payment>,
  );
}

export function usePaymentSummary(groupBy: SummaryGroupBy, from: string, to: string) {
  const api = useApi();
  return useQuery({
    queryKey: paymentKeys.summary(groupBy, from, to),
    queryFn: ({ signal }) =>
      api.GET('/api/v1/payments/summary', { params: { query: { groupBy, from, to } }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Whether a payment belongs in a list with these filters (what the server's WHERE would say). */
export function matchesPaymentFilters(p: Payment, f: PaymentFilters): boolean {
  const at = Date.parse(p.occurredAt);
  const amount = Number(p.amount);
  return (
    (f.kioskId === undefined || p.kioskId === f.kioskId) &&
    (f.method === undefined || p.method === f.method) &&
    (f.status === undefined || p.status === f.status) &&
    (f.currency === undefined || p.currency === f.currency.toUpperCase()) &&
    (f.from === undefined || at >= Date.parse(f.from)) &&
    (f.to === undefined || at < Date.parse(f.to)) &&
    (f.minAmount === undefined || amount >= Number(f.minAmount)) &&
    (f.maxAmount === undefined || amount <= Number(f.maxAmount))
  );
}

/** The list's order on the server (list-payments: occurred_at DESC, id DESC). */
export function comparePayments(a: Payment, b: Payment): number {
  if (a.occurredAt !== b.occurredAt) return Date.parse(b.occurredAt) - Date.parse(a.occurredAt);
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Writes payments (`payment_recorded` payloads, a refund's answer) into every cached list. */
export function applyPayments(queryClient: QueryClient, payments: readonly Payment[]): void {
  if (payments.length === 0) return;
  updateCachedLists<Page<Payment>, PaymentFilters>(queryClient, paymentKeys.lists, (pages, filters) =>
    mergeIntoPages(pages, payments, {
      matches: (p) => matchesPaymentFilters(p, filters),
      compare: comparePayments,
    }),
  );
}

/**
 * Refunds with an `Idempotency-Key`: the caller keeps one key per intended refund (the same body),
 * so a retry after a timeout or a lost answer refunds at most once; the server answers the stored
 * result for a repeated key.
 */
export function useRefundPayment() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body, idempotencyKey }: { id: string; body: RefundBody; idempotencyKey: string }) =>
      api.POST('/api/v1/payments/{id}/refund', {
        params: { path: { id }, header: { 'Idempotency-Key': idempotencyKey } },
        body,
      }),
    onSuccess: (payment) => {
      applyPayments(queryClient, [payment]);
      void queryClient.invalidateQueries({ queryKey: ['payments', 'summary'] });
    },
  });
}

// `payment_recorded` (a new payment, or one whose status or refunds changed) updates every cached list.
registerFeedMerger((queryClient, batch) => applyPayments(queryClient, batch.payments));
