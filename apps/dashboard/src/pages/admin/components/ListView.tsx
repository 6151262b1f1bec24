import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/Button';
import { EmptyState, ErrorState } from '../../../components/EmptyState';
import { PageSpinner } from '../../../components/PageSpinner';
import { Table, type Column } from '../../../components/Table';
import type { AdminList } from '../data/use-admin-list';

/** An admin list in the shared virtualised table: loading, failure, empty and "load more" handled. */
export function ListView<T>({
  list,
  label,
  columns,
  rowKey,
  empty,
  onRowClick,
  minWidth,
}: {
  list: AdminList<T>;
  label: string;
  columns: readonly Column<T>[];
  rowKey: (row: T) => string | number;
  empty: { title: ReactNode; body?: ReactNode; action?: ReactNode };
  onRowClick?: (row: T) => void;
  minWidth?: string;
}) {
  const { t } = useTranslation('admin');
  if (list.isPending) return <PageSpinner label={t('common:loading')} />;
  if (list.error) return <ErrorState error={list.error} onRetry={list.refetch} />;
  // Nothing to tabulate: no column headers, and no wide table scrolling sideways around a message.
  if (list.items.length === 0) {
    return (
      <div className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <EmptyState title={empty.title} body={empty.body} action={empty.action} />
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <Table
        label={label}
        rows={list.items}
        columns={columns}
        rowKey={rowKey}
        onRowClick={onRowClick}
        minWidth={minWidth}
      />
      {list.hasMore && (
        <div className="flex justify-center">
          <Button variant="secondary" onClick={list.loadMore} busy={list.loadingMore}>
            {t('list.loadMore')}
          </Button>
        </div>
      )}
    </div>
  );
}
