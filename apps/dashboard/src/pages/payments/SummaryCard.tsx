import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Card, StatCard } from '../../components/Card';
import { Chart } from '../../components/Chart';
import { ErrorState } from '../../components/EmptyState';
import { SelectField } from '../../components/Field';
import { useKioskNaming } from '../../components/KioskName';
import { usePaymentSummary, type SummaryGroupBy } from './queries';
import { summaryView } from './summary';

const RANGES = [7, 30, 90] as const;
const GROUPS: SummaryGroupBy[] = ['day', 'kiosk', 'method'];

/** UTC midnight `days` days ago → tomorrow's UTC midnight: whole days, so the key stays stable all day. */
function dayRange(days: number): { from: string; to: string } {
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const to = today.getTime() + 86_400_000;
  return { from: new Date(to - days * 86_400_000).toISOString(), to: new Date(to).toISOString() };
}

/** Sales and refunds per day, kiosk or method over a period, in one currency at a time. */
export function SummaryCard() {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState<number>(30);
  const [groupBy, setGroupBy] = useState<SummaryGroupBy>('day');
  const [currency, setCurrency] = useState<string | undefined>();
  const { from, to } = useMemo(() => dayRange(days), [days]);
  const summary = usePaymentSummary(groupBy, from, to);
  const view = useMemo(
    () => (summary.data ? summaryView(summary.data, groupBy, currency, { from, to }) : null),
    [summary.data, groupBy, currency, from, to],
  );
  const shown = view?.currencies.includes(currency ?? '') ? currency : view?.currencies[0];
  const money = (value: number) =>
    new Intl.NumberFormat(i18n.language, { style: 'currency', currency: shown ?? 'USD' }).format(value);
  const naming = useKioskNaming();
  const labels = view?.keys?.map((k) =>
    groupBy === 'kiosk' ? naming.name(Number(k)) : t(`payments:method.${k}`),
  );

  return (
    <Card
      title={t('payments:summary.title')}
      description={t('payments:summary.description')}
      actions={
        <div className="flex flex-wrap gap-2">
          <SelectField
            label={<span className="sr-only">{t('payments:summary.range')}</span>}
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
          >
            {RANGES.map((d) => (
              <option key={d} value={d}>
                {t('payments:summary.lastDays', { count: d })}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={<span className="sr-only">{t('payments:summary.groupBy')}</span>}
            value={groupBy}
            onChange={(e) => setGroupBy(e.target.value as SummaryGroupBy)}
          >
            {GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`payments:summary.by.${g}`)}
              </option>
            ))}
          </SelectField>
          {view && view.currencies.length > 1 && (
            <SelectField
              label={<span className="sr-only">{t('payments:summary.currency')}</span>}
              value={shown}
              onChange={(e) => setCurrency(e.target.value)}
            >
              {view.currencies.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </SelectField>
          )}
        </div>
      }
    >
      {summary.isError ? (
        <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
      ) : !view ? (
        <div className="h-64 animate-pulse rounded bg-slate-100" />
      ) : view.currencies.length === 0 ? (
        <p className="py-8 text-center text-sm text-slate-600">{t('payments:summary.empty')}</p>
      ) : (
        <div className="space-y-4">
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
            <StatCard label={t('payments:summary.sales')} value={money(view.total)} />
            <StatCard label={t('payments:summary.count')} value={view.count.toLocaleString(i18n.language)} />
            <StatCard label={t('payments:summary.refunded')} value={money(view.refunded)} />
          </div>
          <Chart
            label={t('payments:summary.chartLabel', { currency: shown })}
            data={view.data}
            xLabels={labels}
            xName={t(`payments:summary.category.${groupBy}`)}
            numericX={groupBy !== 'day'}
            height={240}
            series={[
              { label: t('payments:summary.sales'), color: '#4f46e5', unit: shown, bars: true, barAlign: -1 },
              {
                label: t('payments:summary.refunded'),
                color: '#dc2626',
                unit: shown,
                bars: true,
                barAlign: 1,
              },
            ]}
            summary={t('payments:summary.chartSummary', {
              total: money(view.total),
              refunded: money(view.refunded),
              count: view.count,
            })}
          />
        </div>
      )}
    </Card>
  );
}
