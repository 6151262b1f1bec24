import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { SEVERITIES } from '../../components/Badge';
import { Card } from '../../components/Card';
import { SelectField, TextField } from '../../components/Field';
import { PagedList } from '../../components/PagedList';
import { PageHeader } from '../../components/PageHeader';
import { useFeedEvents } from '../../feed';
import { AlertDetail } from './AlertDetail';
import { AlertStatsCard } from './AlertStatsCard';
import { AlertTable } from './AlertTable';
import { filtersFromParams, paramsFromFilters, STATUSES, TYPES } from './filters';
import type { Alert, AlertFilters } from './live-merge';
import { useAlertList } from './queries';

function Filters({ filters, onChange }: { filters: AlertFilters; onChange: (f: AlertFilters) => void }) {
  const { t } = useTranslation();
  const [kiosk, setKiosk] = useState(filters.kioskId ? String(filters.kioskId) : '');
  const set = (patch: Partial<AlertFilters>) => onChange({ ...filters, ...patch });
  return (
    <form
      className="grid grid-cols-2 gap-3 border-b border-slate-100 p-4 sm:grid-cols-4"
      onSubmit={(e) => {
        e.preventDefault();
        const id = Number(kiosk);
        set({ kioskId: Number.isInteger(id) && id > 0 ? id : undefined });
      }}
    >
      <SelectField
        label={t('alerts:filters.status')}
        value={filters.status ?? 'all'}
        onChange={(e) => set({ status: STATUSES.find((s) => s === e.target.value) })}
      >
        <option value="all">{t('alerts:filters.any')}</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`alerts:status.${s}`)}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t('alerts:filters.severity')}
        value={filters.severity ?? ''}
        onChange={(e) => set({ severity: SEVERITIES.find((s) => s === e.target.value) })}
      >
        <option value="">{t('alerts:filters.any')}</option>
        {SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {t(`alerts:severity.${s}`)}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t('alerts:filters.type')}
        value={filters.type ?? ''}
        onChange={(e) => set({ type: TYPES.find((s) => s === e.target.value) })}
      >
        <option value="">{t('alerts:filters.any')}</option>
        {TYPES.map((s) => (
          <option key={s} value={s}>
            {t(`alerts:type.${s}`)}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t('alerts:filters.kiosk')}
        inputMode="numeric"
        placeholder={t('alerts:filters.kioskPlaceholder')}
        value={kiosk}
        onChange={(e) => setKiosk(e.target.value.replace(/\D/g, ''))}
        onBlur={() => {
          const id = Number(kiosk);
          set({ kioskId: Number.isInteger(id) && id > 0 ? id : undefined });
        }}
      />
    </form>
  );
}

/**
 * The alerts inbox: what needs someone now (open alerts by default), live from the admin feed, with
 * acknowledge/resolve for those who may, the AI's reasons in words, and MTTA/MTTR over time.
 */
export default function AlertsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const list = useAlertList(filters);
  const [selected, setSelected] = useState<Alert | null>(null);
  const openedAt = useRef(Date.now());
  const [freshIds, setFreshIds] = useState<ReadonlySet<string>>(new Set());

  // Alerts first seen after the page opened are marked "new" until the page is left.
  useFeedEvents((batch) => {
    const fresh = batch.alerts.filter(
      (a) => Date.parse(a.firstSeenAt) >= openedAt.current - 5000 && !freshIds.has(a.id),
    );
    if (fresh.length > 0) setFreshIds((prev) => new Set([...prev, ...fresh.map((a) => a.id)]));
  });

  const alerts = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  return (
    <div className="space-y-6">
      <PageHeader title={t('alerts:title')} subtitle={t('alerts:subtitle')} />

      <Card bodyClassName="">
        <Filters
          key={params.toString()}
          filters={filters}
          onChange={(f) => setParams(paramsFromFilters(f))}
        />
        <PagedList
          list={list}
          shown={t('alerts:inbox.shown', { count: alerts.length })}
          more={t('alerts:inbox.more')}
        >
          <AlertTable alerts={alerts} onOpen={setSelected} freshIds={freshIds} />
        </PagedList>
      </Card>

      <AlertStatsCard />

      {selected && <AlertDetail initial={selected} onClose={() => setSelected(null)} />}
    </div>
  );
}
