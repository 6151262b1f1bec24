import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { PagedList, type PagedQuery } from './PagedList';

function query(over: Partial<PagedQuery> = {}): PagedQuery {
  return {
    isError: false,
    error: null,
    isPending: false,
    refetch: vi.fn(),
    hasNextPage: false,
    isFetchingNextPage: false,
    fetchNextPage: vi.fn(),
    ...over,
  };
}

const ui = (list: PagedQuery) => (
  <PagedList list={list} shown="2 shown" more="Older">
    <table aria-label="rows" />
  </PagedList>
);

describe('PagedList', () => {
  it('shows placeholder rows, not the table, while the first page loads', () => {
    const { container } = render(ui(query({ isPending: true })));
    expect(container.querySelector('[aria-busy="true"]')?.children).toHaveLength(4);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByText('2 shown')).toBeNull();
  });

  it('shows a failure with a retry that refetches', async () => {
    const list = query({ isError: true, error: new TypeError('Failed to fetch'), isPending: true });
    render(ui(list));
    expect(screen.queryByRole('table')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: /try again|retry/i }));
    expect(list.refetch).toHaveBeenCalledTimes(1);
  });

  it('shows the rows, how many, and a next-page button only while there is a next page', async () => {
    const list = query({ hasNextPage: true });
    const { rerender } = render(ui(list));
    expect(screen.getByRole('table', { name: 'rows' })).toBeInTheDocument();
    expect(screen.getByText('2 shown')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Older' }));
    expect(list.fetchNextPage).toHaveBeenCalledTimes(1);

    rerender(ui(query({ hasNextPage: true, isFetchingNextPage: true })));
    expect(screen.getByRole('button', { name: 'Older' })).toBeDisabled();
    rerender(ui(query({ hasNextPage: false })));
    expect(screen.queryByRole('button', { name: 'Older' })).toBeNull();
  });
});
