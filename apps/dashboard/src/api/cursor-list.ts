import {
  keepPreviousData,
  useInfiniteQuery,
  type InfiniteData,
  type QueryClient,
  type QueryKey,
} from '@tanstack/react-query';

/** Rows a page of the dashboard's cursor-paged lists asks for. */
export const PAGE_SIZE = 50;

/** What a cursor-paged list route answers (`GET /alerts`, `GET /payments`, …). */
export interface CursorPage {
  nextCursor?: string | null;
}

/** The `limit` and, after the first page, the `cursor` of a list request's query. */
export interface PageQuery {
  limit: number;
  cursor?: string;
}

/**
 * A cursor-paged list under `queryKey`, one `fetchPage` a page. While another filter's first page
 * loads, the previous rows stay on screen instead of a spinner.
 */
export function useCursorList<P extends CursorPage>(
  queryKey: QueryKey,
  fetchPage: (page: PageQuery, signal: AbortSignal) => Promise<P>,
) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) =>
      fetchPage({ limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/**
 * Rewrites the pages of every cached list under `listsKey` (live updates, a mutation's answer); each
 * list's filters are the third element of its key. A list `merge` leaves alone keeps its identity.
 */
export function updateCachedLists<P, F>(
  queryClient: QueryClient,
  listsKey: QueryKey,
  merge: (pages: P[], filters: F) => P[],
): void {
  for (const query of queryClient.getQueryCache().findAll({ queryKey: listsKey })) {
    const filters = (query.queryKey[2] ?? {}) as F;
    queryClient.setQueryData<InfiniteData<P, string | undefined>>(query.queryKey, (data) => {
      if (!data) return data;
      const pages = merge(data.pages, filters);
      return pages === data.pages ? data : { ...data, pages };
    });
  }
}
