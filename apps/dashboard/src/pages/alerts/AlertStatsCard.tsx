import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Card } from '../../components/Card';
import { Chart } from '../../components/Chart';
import { ErrorState } from '../../components/EmptyState';
import { SelectField } from '../../components/Field';
import { useKioskNaming } from '../../components/KioskName';
import { formatDuration } from './format';
import { useAlertStats, type StatsGroupBy } from './queries';
import { statsColumns, statsUnit } from './stats-columns';

const RANGES = [7, 30, 90] as const;
const GROUPS: StatsGroupBy[] = ['severity', 'type', 'kiosk', 'tag'];
const MTTA_COLOR = '#d97706';
const MTTR_COLOR = '#4f46e5';

/** Mean time to acknowledge and to resolve over a window, by severity, type, kiosk or tag. */
export function AlertStatsCard() {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState<number>(7);
  const [groupBy, setGroupBy] = useState<StatsGroupBy>('severity');
  const stats = useAlertStats(days, groupBy);
  const naming = useKioskNaming();
  const label = (key: string) =>
    groupBy === 'severity' || groupBy === 'type'
      ? t(`alerts:${groupBy}.${key}`, { defaultValue: key })
      : groupBy === 'kiosk'
        ? naming.name(Number(key))
        : key;
  const unit = stats.data ? statsUnit(stats.data) : 'min';
  const data = useMemo(() => (stats.data ? statsColumns(stats.data, unit) : null), [stats.data, unit]);
  const labels = stats.data?.groups.map((g) => label(g.key)) ?? [];

  return (
    <Card
      title={t('alerts:stats.title')}
      description={t('alerts:stats.description')}
      actions={
        <div className="flex gap-2">
          <SelectField
            label={<span className="sr-only">{t('alerts:stats.range')}</span>}
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
          >
            {RANGES.map((d) => (
              <option key={d} value={d}>
                {t('alerts:stats.lastDays', { count: d })}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={<span className="sr-only">{t('alerts:stats.groupBy')}</span>}
            value={groupBy}
            onChange={(e) => setGroupBy(e.target.value as StatsGroupBy)}
          >
            {GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`alerts:stats.by.${g}`)}
              </option>
            ))}
          </SelectField>
        </div>
      }
    >
      {stats.isError ? (
        <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />
      ) : !stats.data || !data ? (
        <div className="h-56 animate-pulse rounded bg-slate-100" />
      ) : stats.data.groups.length === 0 ? (
        <p className="py-8 text-center text-sm text-slate-600">{t('alerts:stats.empty')}</p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
          <Chart
            label={t('alerts:stats.chartLabel', { unit: t(`alerts:stats.unit.${unit}`) })}
            data={data}
            yLabel={t('alerts:stats.axis', { unit })}
            xLabels={labels}
            xName={t(`alerts:stats.by.${groupBy}`)}
            numericX
            height={220}
            series={[
              { label: t('alerts:stats.mtta'), color: MTTA_COLOR, unit, bars: true, barAlign: -1 },
              { label: t('alerts:stats.mttr'), color: MTTR_COLOR, unit, bars: true, barAlign: 1 },
            ]}
          />
          <table className="w-full text-sm">
            <caption className="sr-only">{t('alerts:stats.tableCaption')}</caption>
            <thead>
              <tr className="text-left text-xs uppercase tracking-wide text-slate-600">
                <th scope="col" className="py-1 font-semibold">
                  {t(`alerts:stats.by.${groupBy}`)}
                </th>
                <th scope="col" className="py-1 text-right font-semibold">
                  {t('alerts:stats.count')}
                </th>
                <th scope="col" className="py-1 text-right font-semibold">
                  {t('alerts:stats.mttaShort')}
                </th>
                <th scope="col" className="py-1 text-right font-semibold">
                  {t('alerts:stats.mttrShort')}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {stats.data.groups.map((g) => (
                <tr key={g.key}>
                  <th scope="row" className="py-1.5 text-left font-medium text-slate-800">
                    {label(g.key)}
                  </th>
                  <td className="py-1.5 text-right tabular-nums">{g.count}</td>
                  <td className="py-1.5 text-right tabular-nums">
                    {formatDuration(g.mttaSec, i18n.language)}
                  </td>
                  <td className="py-1.5 text-right tabular-nums">
                    {formatDuration(g.mttrSec, i18n.language)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
