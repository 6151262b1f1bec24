import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Card } from '../../components/Card';
import { Chart } from '../../components/Chart';
import { ErrorState } from '../../components/EmptyState';
import { SelectField } from '../../components/Field';
import { forecastColumns } from './forecast';
import { useBestSellingKiosk, useForecast, useKioskChoices } from './queries';

const DAY_CHOICES = [14, 30, 60, 90] as const;
const EXPECTED = '#4f46e5';

/** A kiosk's expected daily net revenue with its 95 % interval drawn as a band, and how well the model backtests. */
export function ForecastCard() {
  const { t, i18n } = useTranslation();
  const kiosks = useKioskChoices();
  const [picked, setPicked] = useState<number | null>(null);
  const [days, setDays] = useState<number>(30);
  const best = useBestSellingKiosk(kiosks.data?.items.map((k) => k.id));
  // Wait for the sales ranking before the first forecast (a failed ranking falls back to the first kiosk).
  const fallback = best.isPending ? null : (best.data ?? kiosks.data?.items[0]?.id ?? null);
  const kioskId = picked ?? fallback;
  const forecast = useForecast(kioskId, days);
  const data = useMemo(() => (forecast.data ? forecastColumns(forecast.data) : null), [forecast.data]);
  const pct = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  const money = (v: number) =>
    new Intl.NumberFormat(i18n.language, {
      style: 'currency',
      currency: forecast.data?.currency ?? 'USD',
    }).format(v);
  const backtest = forecast.data?.backtest;
  const total = forecast.data?.days.reduce((sum, d) => sum + d.expected, 0) ?? 0;

  return (
    <Card
      title={t('ai:forecast.title')}
      description={t('ai:forecast.description')}
      actions={
        <div className="flex flex-wrap gap-2">
          <SelectField
            label={<span className="sr-only">{t('ai:forecast.kiosk')}</span>}
            value={kioskId ?? ''}
            onChange={(e) => setPicked(Number(e.target.value))}
          >
            {(kiosks.data?.items ?? []).map((k) => (
              <option key={k.id} value={k.id}>
                #{k.id} · {k.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={<span className="sr-only">{t('ai:forecast.days')}</span>}
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
          >
            {DAY_CHOICES.map((d) => (
              <option key={d} value={d}>
                {t('ai:forecast.nextDays', { count: d })}
              </option>
            ))}
          </SelectField>
        </div>
      }
    >
      {kiosks.data && kiosks.data.items.length === 0 ? (
        <p className="py-8 text-center text-sm text-slate-600">{t('ai:forecast.noKiosks')}</p>
      ) : forecast.isError ? (
        <ErrorState error={forecast.error} onRetry={() => void forecast.refetch()} />
      ) : forecast.data === null ? (
        <p className="py-8 text-center text-sm text-slate-600">{t('ai:forecast.noSales')}</p>
      ) : !forecast.data || !data ? (
        <div className="h-64 animate-pulse rounded bg-slate-100" />
      ) : (
        <div className="space-y-3">
          <p className="text-sm text-slate-700">
            {t('ai:forecast.headline', { total: money(total), count: forecast.data.days.length })}{' '}
            <span className="text-slate-600">
              {t(`ai:forecast.method.${forecast.data.method}`, { history: forecast.data.historyDays })}
            </span>
          </p>
          <Chart
            label={t('ai:forecast.chartLabel', { kiosk: kioskId })}
            data={data}
            height={240}
            series={[
              { label: t('ai:forecast.expected'), color: EXPECTED, unit: forecast.data.currency },
              { label: t('ai:forecast.low'), color: '#a5b4fc', unit: forecast.data.currency, dash: [4, 4] },
              { label: t('ai:forecast.high'), color: '#a5b4fc', unit: forecast.data.currency, dash: [4, 4] },
            ]}
            bands={[{ upper: 3, lower: 2, fill: 'rgba(99, 102, 241, 0.15)' }]}
            summary={t('ai:forecast.headline', { total: money(total), count: forecast.data.days.length })}
          />
          <p className="text-xs text-slate-600">
            {backtest && backtest.mape !== null
              ? t('ai:forecast.backtest', {
                  mape: pct.format(backtest.mape),
                  baseline: backtest.baselineMape === null ? '—' : pct.format(backtest.baselineMape),
                  days: backtest.days,
                })
              : t('ai:forecast.noBacktest')}
          </p>
        </div>
      )}
    </Card>
  );
}
