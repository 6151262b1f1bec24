import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';

/** One page of a list route (`{ items, nextCursor }`, CONTRACT §2). */
export interface ListPage<T> {
  items: T[];
  nextCursor?: string | null;
}

/** Admin lists are short (users, webhooks, rules…): 100 a page, "Load more" for the rest. */
export const ADMIN_PAGE_SIZE = 100;

export interface AdminList<T> {
  items: T[];
  isPending: boolean;
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  refetch: () => void;
}

/**
 * A cursor-paginated list as one growing array. `enabled: false` keeps it from asking at all (a
 * role that would get a 403).
 */
export function useAdminList<T>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined) => Promise<ListPage<T>>,
  options: { enabled?: boolean; refetchInterval?: number | false } = {},
): AdminList<T> {
  const q = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: options.enabled ?? true,
    refetchInterval: options.refetchInterval ?? false,
  });
  return {
    items: q.data?.pages.flatMap((p) => p.items) ?? [],
    isPending: q.isPending && q.fetchStatus !== 'idle',
    error: q.error,
    hasMore: q.hasNextPage,
    loadingMore: q.isFetchingNextPage,
    loadMore: () => void q.fetchNextPage(),
    refetch: () => void q.refetch(),
  };
}
