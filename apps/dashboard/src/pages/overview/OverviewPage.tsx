import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Badge, SEVERITIES, SEVERITY_TONE } from '../../components/Badge';
import { Card, StatCard } from '../../components/Card';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { PageSpinner } from '../../components/PageSpinner';
import { STATUS_COLORS, StatusPill } from '../../components/StatusPill';
import { formatMoney } from '../../feed/money';
import {
  countAlerts,
  countFleet,
  countsOfSummary,
  liveAttention,
  OVERVIEW_STATUSES,
  SELL_STATES,
  topOpenAlerts,
  type FleetCounts,
  type SellState,
} from './counts';
import { useFleetSummary, useMapPoints, useSalesToday, useUnresolvedAlerts } from './queries';
import { RelativeTime } from '../../components/RelativeTime';

// Leaflet is the heaviest part of this page: it loads after the numbers.
const FleetMap = lazy(() => import('./FleetMap'));

const EMPTY_COUNTS: FleetCounts = countFleet([]);

const SELL_COLORS: Record<SellState, string> = {
  full: '#16a34a',
  card_only: '#0891b2',
  cash_only: '#7c3aed',
  none: '#dc2626',
  unknown: '#94a3b8',
};

/** The fleet at a glance: what is wrong right now, and where. Everything on it follows the live feed. */
export default function OverviewPage() {
  const { t, i18n } = useTranslation('overview');
  // Two requests whatever the fleet's size: the counts (and attention list) first, the map's dots.
  const fleet = useFleetSummary();
  const points = useMapPoints();
  const alerts = useUnresolvedAlerts();
  const sales = useSalesToday();

  const items = points.data?.items;
  const byId = useMemo(() => new Map(items?.map((p) => [p.id, p])), [items]);
  // The points follow the feed at once; the summary is re-read a few seconds after statuses move.
  const counts: FleetCounts = useMemo(
    () => (items ? countFleet(items) : fleet.data ? countsOfSummary(fleet.data) : EMPTY_COUNTS),
    [items, fleet.data],
  );
  const countsPending = !fleet.data && !items;
  const attention = useMemo(
    () => liveAttention(fleet.data?.attention ?? [], (id) => byId.get(id)),
    [fleet.data, byId],
  );
  const alertCounts = useMemo(() => countAlerts(alerts.data ?? []), [alerts.data]);
  const topAlerts = useMemo(() => topOpenAlerts(alerts.data ?? [], 5), [alerts.data]);
  const loading = t('common:loading');

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold text-slate-900">{t('title')}</h1>
          <p className="mt-1 text-sm text-slate-600">
            {countsPending ? loading : t('subtitle', { count: counts.total })}
          </p>
        </div>
      </div>

      {fleet.isError ? (
        <Card>
          <ErrorState error={fleet.error} onRetry={() => void fleet.refetch()} />
        </Card>
      ) : (
        <section aria-labelledby="status-heading">
          <h2 id="status-heading" className="sr-only">
            {t('byStatus')}
          </h2>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
            <StatCard label={t('total')} value={countsPending ? '—' : counts.total} to="/kiosks" />
            {OVERVIEW_STATUSES.map((s) => (
              <StatCard
                key={s}
                label={t(`common:status.${s}`)}
                value={countsPending ? '—' : counts.byStatus[s]}
                accent={STATUS_COLORS[s]}
                to={`/kiosks?status=${s}`}
              />
            ))}
          </div>
        </section>
      )}

      <div className="grid gap-6 lg:grid-cols-3">
        <Card
          title={t('alerts.title')}
          actions={
            <Link to="/alerts" className="text-xs font-medium text-indigo-700 hover:underline">
              {t('viewAll')}
            </Link>
          }
        >
          {alerts.isError ? (
            <ErrorState error={alerts.error} onRetry={() => void alerts.refetch()} />
          ) : (
            <>
              <p className="text-3xl font-semibold tabular-nums text-slate-900">
                {alerts.isPending ? '—' : alertCounts.openTotal}
                <span className="ml-2 text-sm font-normal text-slate-600">{t('alerts.open')}</span>
              </p>
              <ul className="mt-3 grid grid-cols-2 gap-2" aria-label={t('alerts.bySeverity')}>
                {SEVERITIES.map((sev) => (
                  <li
                    key={sev}
                    className="flex items-center justify-between rounded-md bg-slate-50 px-3 py-2"
                  >
                    <Badge tone={SEVERITY_TONE[sev]}>{t(`severity.${sev}`)}</Badge>
                    <span className="text-lg font-semibold tabular-nums text-slate-900">
                      {alerts.isPending ? '—' : alertCounts.open[sev]}
                    </span>
                  </li>
                ))}
              </ul>
              <p className="mt-3 text-xs text-slate-600">
                {t('alerts.acknowledged', { count: alertCounts.acknowledged })}
              </p>
            </>
          )}
        </Card>

        <Card
          title={t('sales.title')}
          actions={
            <Link to="/payments" className="text-xs font-medium text-indigo-700 hover:underline">
              {t('viewAll')}
            </Link>
          }
        >
          {sales.isError ? (
            <ErrorState error={sales.error} onRetry={() => void sales.refetch()} />
          ) : sales.isPending ? (
            <p className="text-sm text-slate-600">{loading}</p>
          ) : Object.keys(sales.data.byCurrency).length === 0 ? (
            <EmptyState icon="payments" title={t('sales.none')} />
          ) : (
            <ul className="space-y-3">
              {Object.values(sales.data.byCurrency).map((c) => (
                <li key={c.currency}>
                  <p className="text-3xl font-semibold tabular-nums text-slate-900">
                    {formatMoney(c.totalMinor, c.exponent, c.currency, i18n.language)}
                  </p>
                  <p className="text-xs text-slate-600">
                    {t('sales.count', { count: c.count })}
                    {c.refundedMinor > 0 &&
                      ` · ${t('sales.refunded', { amount: formatMoney(c.refundedMinor, c.exponent, c.currency, i18n.language) })}`}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={t('sell.title')} description={t('sell.description')}>
          <SellBreakdown counts={counts.bySell} total={counts.total} pending={countsPending} />
        </Card>
      </div>

      <Card title={t('map.title')} bodyClassName="">
        <Suspense fallback={<PageSpinner label={loading} />}>
          {points.isError ? (
            <ErrorState error={points.error} onRetry={() => void points.refetch()} />
          ) : (
            <FleetMap points={items} label={t('map.label')} />
          )}
        </Suspense>
        <ul
          className="flex flex-wrap gap-x-4 gap-y-1 border-t border-slate-100 px-4 py-2 text-xs text-slate-700"
          aria-label={t('map.legend')}
        >
          {OVERVIEW_STATUSES.map((s) => (
            <li key={s} className="flex items-center gap-1.5">
              <span
                aria-hidden="true"
                className="h-2.5 w-2.5 rounded-full"
                style={{ background: STATUS_COLORS[s] }}
              />
              {t(`common:status.${s}`)} ({counts.byStatus[s]})
            </li>
          ))}
        </ul>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t('attention.title')} description={t('attention.description')} bodyClassName="">
          {attention.length === 0 ? (
            <EmptyState icon="check" title={fleet.isPending ? loading : t('attention.none')} />
          ) : (
            <ul className="divide-y divide-slate-100">
              {attention.map((k) => (
                <li key={k.id}>
                  <Link
                    to={`/kiosks/${k.id}`}
                    className="flex items-center justify-between gap-3 px-4 py-2.5 hover:bg-slate-50"
                  >
                    <span className="min-w-0">
                      <span className="block truncate text-sm font-medium text-slate-900">{k.name}</span>
                      <span className="block truncate text-xs text-slate-600">
                        {k.serial} · {t('attention.lastSeen')} <RelativeTime iso={k.lastSeenAt} />
                      </span>
                    </span>
                    <StatusPill status={k.status} />
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={t('topAlerts.title')} bodyClassName="">
          {topAlerts.length === 0 ? (
            <EmptyState icon="check" title={alerts.isPending ? loading : t('topAlerts.none')} />
          ) : (
            <ul className="divide-y divide-slate-100">
              {topAlerts.map((a) => (
                <li key={a.id}>
                  <Link
                    to={a.kioskId ? `/alerts?kioskId=${a.kioskId}` : '/alerts'}
                    className="flex items-center justify-between gap-3 px-4 py-2.5 hover:bg-slate-50"
                  >
                    <span className="min-w-0">
                      <span className="block truncate text-sm font-medium text-slate-900">{a.title}</span>
                      <span className="block truncate text-xs text-slate-600">
                        {a.kioskId ? (byId.get(a.kioskId)?.name ?? `#${a.kioskId}`) : t('topAlerts.site')} ·{' '}
                        <RelativeTime iso={a.lastSeenAt} />
                      </span>
                    </span>
                    <Badge tone={SEVERITY_TONE[a.severity]}>{t(`severity.${a.severity}`)}</Badge>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}

function SellBreakdown({
  counts,
  total,
  pending,
}: {
  counts: Record<SellState, number>;
  total: number;
  pending: boolean;
}) {
  const { t } = useTranslation('overview');
  return (
    <div>
      <div className="flex h-3 w-full overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
        {total > 0 &&
          SELL_STATES.map((s) =>
            counts[s] > 0 ? (
              <span key={s} style={{ width: `${(counts[s] / total) * 100}%`, background: SELL_COLORS[s] }} />
            ) : null,
          )}
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
        {SELL_STATES.map((s) => (
          <div key={s} className="flex items-center justify-between gap-2">
            <dt className="flex items-center gap-1.5 text-slate-700">
              <span
                aria-hidden="true"
                className="h-2.5 w-2.5 rounded-sm"
                style={{ background: SELL_COLORS[s] }}
              />
              {t(`sell.${s}`)}
            </dt>
            <dd className="font-semibold tabular-nums text-slate-900">{pending ? '—' : counts[s]}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
