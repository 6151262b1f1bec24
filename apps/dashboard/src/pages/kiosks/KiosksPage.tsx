import { useCallback, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { StatusPill } from '../../components/StatusPill';
import { Table, type Column } from '../../components/Table';
import { Badge } from '../../components/Badge';
import { relativeTime } from './format';
import { KioskFilterBar } from './KioskFilterBar';
import { serverQuery, type KioskDto, type KioskListFilters, type SortKey } from './kiosk-filters';
import { updateRowModel, type RowModel } from './list-rows';
import type { KioskPage } from './query-keys';
import { useFleetSummary } from '../overview/queries';
import { useKioskList } from './queries';
import { useListFilters } from './use-list-filters';
import { CanSellBadge } from './CanSellBadge';

/** The kiosk list: every kiosk the user may see, filtered, sorted, live. */
export default function KiosksPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [filters, setFilters] = useListFilters();
  const query = serverQuery(filters);
  const list = useKioskList(query);

  const model = useRowModel(list.data?.pages, JSON.stringify(query), filters);
  const rows = model.rows;
  // While the pages stream in, the status chips show the whole fleet's counts from the API's summary
  // (one small request, shared with the overview) when the server filters nothing out.
  const wholeFleet = Object.keys(query).length === 0;
  const summary = useFleetSummary(wholeFleet && !list.complete);
  const counts =
    wholeFleet && !list.complete && summary.data ? summary.data.byStatus : list.data ? model.counts : null;
  const openRow = useCallback((k: KioskDto) => navigate(`/kiosks/${k.id}`), [navigate]);

  // Stable between feed batches, so rows whose kiosk did not change are not rendered again.
  const lang = i18n.language;
  const columns: Column<KioskDto>[] = useMemo(
    () => [
      {
        key: 'name',
        header: t('kiosks:list.columns.name'),
        width: 'minmax(15rem, 3fr)',
        sortable: true,
        cell: (k) => (
          <Link
            to={`/kiosks/${k.id}`}
            title={k.name}
            // The row itself is the keyboard stop (Enter opens it); the link is for the mouse
            // (middle click, copy link) and screen readers' link lists, without a second tab stop.
            tabIndex={-1}
            onClick={(e) => e.stopPropagation()}
            className="font-medium text-slate-900 hover:text-indigo-700 hover:underline"
          >
            {k.name}
          </Link>
        ),
      },
      {
        key: 'serial',
        header: t('kiosks:list.columns.serial'),
        // Monospace serials of 20-odd characters (SIM-KIOSK-0001, BENCH-…-00001) fit whole.
        width: 'minmax(13rem, 1.5fr)',
        sortable: true,
        cell: (k) => (
          <span className="font-mono text-xs" title={k.serial}>
            {k.serial}
          </span>
        ),
      },
      {
        key: 'status',
        header: t('kiosks:list.columns.status'),
        width: '8.5rem',
        sortable: true,
        cell: (k) => <StatusPill status={k.status} />,
      },
      {
        key: 'canSell',
        header: t('kiosks:list.columns.canSell'),
        width: '7.5rem',
        cell: (k) => <CanSellBadge value={k.canSell} />,
      },
      {
        key: 'firmware',
        header: t('kiosks:list.columns.firmware'),
        width: '7rem',
        sortable: true,
        cell: (k) => k.firmwareVersion ?? '—',
      },
      {
        key: 'tags',
        header: t('kiosks:list.columns.tags'),
        width: 'minmax(5.5rem, 1fr)',
        cell: (k) => (
          <span className="flex gap-1">
            {k.tags.map((tag) => (
              <Badge key={tag}>{tag}</Badge>
            ))}
          </span>
        ),
      },
      {
        key: 'address',
        header: t('kiosks:list.columns.location'),
        width: 'minmax(7.5rem, 1.5fr)',
        cell: (k) => <LocationText location={k.location} />,
      },
      {
        key: 'lastSeen',
        header: t('kiosks:list.columns.lastSeen'),
        width: '8rem',
        sortable: true,
        cell: (k) => relativeTime(k.lastSeenAt, lang),
      },
    ],
    [t, lang],
  );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold text-slate-900">{t('kiosks:list.title')}</h1>
          <p className="mt-0.5 text-sm text-slate-600" aria-live="polite">
            {list.complete
              ? t('kiosks:list.count', { count: rows.length, total: model.total })
              : list.data
                ? t('kiosks:list.loadingMore', { count: model.total })
                : t('common:loading')}
          </p>
        </div>
        <Link
          to="/kiosks/take"
          className="inline-flex items-center gap-2 rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          <Icon name="qr" className="h-4 w-4" />
          {t('kiosks:take.link')}
        </Link>
      </div>
      <KioskFilterBar filters={filters} onChange={setFilters} counts={counts} />
      {list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table
          label={t('kiosks:list.title')}
          rows={rows}
          columns={columns}
          rowKey={(k) => k.id}
          onRowClick={openRow}
          sort={filters.sort === 'created' ? undefined : { key: filters.sort, dir: filters.dir }}
          onSortChange={(s) => setFilters({ sort: s.key as SortKey, dir: s.dir })}
          empty={
            list.isPending ? (
              <p className="px-4 py-12 text-center text-sm text-slate-600">{t('common:loading')}</p>
            ) : (
              <EmptyState icon="kiosks" title={t('kiosks:list.empty')} body={t('kiosks:list.emptyBody')} />
            )
          }
        />
      )}
    </div>
  );
}

const NO_PAGES: readonly KioskPage[] = [];

/**
 * The rows and status counts, updated incrementally from the previous ones (list-rows.ts): a feed
 * batch costs the kiosks it changed, not a re-filter and re-sort of the whole fleet.
 */
function useRowModel(
  pages: readonly KioskPage[] | undefined,
  source: string,
  { status, sort, dir }: KioskListFilters,
): RowModel {
  const last = useRef<RowModel | null>(null);
  return useMemo(() => {
    last.current = updateRowModel(last.current, pages ?? NO_PAGES, source, { status, sort, dir });
    return last.current;
  }, [pages, source, status, sort, dir]);
}

/**
 * The address when there is one; otherwise the coordinates to 2 decimals (about 1 km, enough to tell
 * places apart in a list), exact on hover.
 */
function LocationText({ location }: { location: KioskDto['location'] }) {
  if (location.address) return <span title={location.address}>{location.address}</span>;
  const exact = `${location.lat}, ${location.lng}`;
  return <span title={exact}>{`${location.lat.toFixed(2)}, ${location.lng.toFixed(2)}`}</span>;
}
