import { observeElementRect, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import { Icon } from './Icon';

export interface Column<T> {
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** A CSS grid track, e.g. `minmax(10rem, 2fr)` or `6rem` (default `minmax(8rem, 1fr)`). */
  width?: string;
  align?: 'left' | 'right';
  sortable?: boolean;
}

export interface SortState {
  key: string;
  dir: 'asc' | 'desc';
}

export interface TableProps<T> {
  /** Accessible name of the table. */
  label: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string | number;
  /** Opens the row (click or Enter on the focused row). */
  onRowClick?: (row: T) => void;
  sort?: SortState;
  onSortChange?: (sort: SortState) => void;
  /** Shown instead of rows when `rows` is empty. */
  empty?: ReactNode;
  rowHeight?: number;
  /** Height of the scrolling body (CSS), default fills most of the viewport. */
  maxHeight?: string;
  /** Below this width the table scrolls sideways instead of squeezing its columns (CSS). */
  minWidth?: string;
}

// Where layout is unavailable (jsdom in component tests) the scroll box measures 0 px: render as if it
// were this tall so rows exist there too; a real browser always reports its own size.
const FALLBACK_HEIGHT = 600;

const observeRect: typeof observeElementRect = (instance, cb) =>
  observeElementRect(instance, (rect) =>
    cb(rect.height > 0 ? rect : { width: rect.width, height: FALLBACK_HEIGHT }),
  );

/**
 * A virtualised data table: only the rows in view (plus a few) are in the DOM, so 10,000 kiosks
 * scroll smoothly. ARIA table roles keep it a table for screen readers (row count and index are
 * announced although most rows are not rendered).
 */
export function Table<T>({
  label,
  rows,
  columns,
  rowKey,
  onRowClick,
  sort,
  onSortChange,
  empty,
  rowHeight = 44,
  maxHeight = 'calc(100vh - 15rem)',
  minWidth = '48rem',
}: TableProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer: Virtualizer<HTMLDivElement, Element> = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    observeElementRect: observeRect,
  });
  const tracks = columns.map((c) => c.width ?? 'minmax(8rem, 1fr)').join(' ');
  const template: CSSProperties = useMemo(() => ({ gridTemplateColumns: tracks }), [tracks]);

  return (
    <div className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <div ref={scroller} className="overflow-auto" style={{ maxHeight }}>
        <div role="table" aria-label={label} aria-rowcount={rows.length + 1} style={{ minWidth }}>
          <div role="rowgroup" className="sticky top-0 z-10 bg-slate-50">
            <div role="row" aria-rowindex={1} className="grid border-b border-slate-200" style={template}>
              {columns.map((col) => (
                <HeaderCell key={col.key} column={col} sort={sort} onSortChange={onSortChange} />
              ))}
            </div>
          </div>
          {rows.length === 0 ? (
            <div role="rowgroup">
              <div role="row">
                <div role="cell">{empty}</div>
              </div>
            </div>
          ) : (
            <div role="rowgroup" className="relative" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((item) => {
                const row = rows[item.index];
                return (
                  <TableRow
                    key={rowKey(row)}
                    row={row}
                    index={item.index}
                    start={item.start}
                    size={item.size}
                    columns={columns}
                    template={template}
                    onRowClick={onRowClick}
                  />
                );
              })}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

interface TableRowProps<T> {
  row: T;
  index: number;
  start: number;
  size: number;
  columns: readonly Column<T>[];
  template: CSSProperties;
  onRowClick?: (row: T) => void;
}

/**
 * One row. Memoised: with stable `columns` and `onRowClick` from the page, a row whose object did not
 * change is not rendered again when others do (a live list changes a few rows per frame).
 */
const TableRow = memo(function TableRow<T>({
  row,
  index,
  start,
  size,
  columns,
  template,
  onRowClick,
}: TableRowProps<T>) {
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (onRowClick && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      onRowClick(row);
    }
  };
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      tabIndex={onRowClick ? 0 : undefined}
      onClick={onRowClick ? () => onRowClick(row) : undefined}
      onKeyDown={onRowClick ? onKeyDown : undefined}
      className={`absolute left-0 top-0 grid w-full items-center border-b border-slate-100 text-sm ${
        onRowClick
          ? 'cursor-pointer hover:bg-indigo-50/60 focus-visible:bg-indigo-50 focus-visible:outline-none'
          : ''
      }`}
      style={{ ...template, height: size, transform: `translateY(${start}px)` }}
    >
      {columns.map((col) => (
        <div
          key={col.key}
          role="cell"
          className={`truncate px-3 text-slate-800 ${col.align === 'right' ? 'text-right tabular-nums' : ''}`}
        >
          {col.cell(row)}
        </div>
      ))}
    </div>
  );
}) as <T>(props: TableRowProps<T>) => ReactNode;

function HeaderCell<T>({
  column,
  sort,
  onSortChange,
}: {
  column: Column<T>;
  sort?: SortState;
  onSortChange?: (sort: SortState) => void;
}) {
  const active = sort?.key === column.key;
  const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined;
  const base = `px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-600 ${column.align === 'right' ? 'text-right' : 'text-left'}`;
  if (!column.sortable || !onSortChange) {
    return (
      <div role="columnheader" className={base}>
        {column.header}
      </div>
    );
  }
  return (
    <div role="columnheader" aria-sort={ariaSort} className={base}>
      <button
        type="button"
        className={`inline-flex items-center gap-1 uppercase hover:text-slate-900 ${active ? 'text-slate-900' : ''}`}
        onClick={() => onSortChange({ key: column.key, dir: active && sort.dir === 'asc' ? 'desc' : 'asc' })}
      >
        {column.header}
        <Icon
          name="chevronDown"
          className={`h-3.5 w-3.5 transition-transform ${active ? '' : 'opacity-30'} ${active && sort.dir === 'asc' ? 'rotate-180' : ''}`}
        />
      </button>
    </div>
  );
}
