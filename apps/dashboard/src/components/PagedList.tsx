import type { ReactNode } from 'react';
import { Button } from './Button';
import { ErrorState } from './EmptyState';

/** What `PagedList` reads of a cursor-paged list query (TanStack's `useInfiniteQuery` result). */
export interface PagedQuery {
  isError: boolean;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/**
 * The body of a card listing a cursor-paged query: its failure with a retry, placeholder rows while
 * the first page loads, then the table with how many rows are shown and a button for the next page.
 */
export function PagedList({
  list,
  shown,
  more,
  children,
}: {
  list: PagedQuery;
  /** "N shown", under the table. */
  shown: ReactNode;
  /** The next-page button's label. */
  more: ReactNode;
  /** The table of the rows loaded so far. */
  children: ReactNode;
}) {
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.isPending) {
    return (
      <div className="space-y-2 p-4" aria-busy="true">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-10 animate-pulse rounded bg-slate-100" />
        ))}
      </div>
    );
  }
  return (
    <div className="p-2 sm:p-4">
      {children}
      <div className="mt-3 flex items-center justify-between text-sm text-slate-600">
        <span>{shown}</span>
        {list.hasNextPage && (
          <Button
            variant="secondary"
            busy={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {more}
          </Button>
        )}
      </div>
    </div>
  );
}
