import { QueryClient, QueryClientProvider, type InfiniteData } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { PAGE_SIZE, updateCachedLists, useCursorList, type PageQuery } from './cursor-list';

type Page = { items: string[]; nextCursor: string | null };

describe('useCursorList', () => {
  it('asks for a page of PAGE_SIZE, then for the next one by its cursor, until there is none', async () => {
    const fetchPage = vi.fn(async (page: PageQuery): Promise<Page> =>
      page.cursor ? { items: ['c'], nextCursor: null } : { items: ['a', 'b'], nextCursor: 'c1' },
    );
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    );
    const { result } = renderHook(() => useCursorList(['things', 'list', {}], (p) => fetchPage(p)), {
      wrapper,
    });
    await waitFor(() => expect(result.current.hasNextPage).toBe(true));
    expect(fetchPage).toHaveBeenLastCalledWith({ limit: PAGE_SIZE });
    await act(() => result.current.fetchNextPage());
    expect(fetchPage).toHaveBeenLastCalledWith({ limit: PAGE_SIZE, cursor: 'c1' });
    await waitFor(() => expect(result.current.data?.pages.flatMap((p) => p.items)).toEqual(['a', 'b', 'c']));
    expect(result.current.hasNextPage).toBe(false);
  });
});

describe('updateCachedLists', () => {
  it('merges into every cached list with its own filters and keeps an untouched list as it was', () => {
    const client = new QueryClient();
    const data = (items: string[]): InfiniteData<Page, string | undefined> => ({
      pages: [{ items, nextCursor: null }],
      pageParams: [undefined],
    });
    const open = data(['a']);
    const closed = data(['b']);
    client.setQueryData(['things', 'list', { status: 'open' }], open);
    client.setQueryData(['things', 'list', { status: 'closed' }], closed);
    client.setQueryData(['other', 'list', { status: 'open' }], data(['x']));

    updateCachedLists<Page, { status: string }>(client, ['things', 'list'], (pages, filters) =>
      filters.status === 'open' ? [{ ...pages[0], items: ['new', ...pages[0].items] }] : pages,
    );
    expect(client.getQueryData<typeof open>(['things', 'list', { status: 'open' }])?.pages[0].items).toEqual([
      'new',
      'a',
    ]);
    expect(client.getQueryData(['things', 'list', { status: 'closed' }])).toBe(closed);
    expect(client.getQueryData<typeof open>(['other', 'list', { status: 'open' }])?.pages[0].items).toEqual([
      'x',
    ]);
  });
});
