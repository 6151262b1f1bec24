import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Card } from '../../components/Card';
import { Chart, type ChartSeries } from '../../components/Chart';
import { ErrorState } from '../../components/EmptyState';
import { useAnomalyScores, useLiveReadings, useTelemetryHistory } from './queries';
import {
  CHART_GROUPS,
  HISTORY_RANGES,
  bucketColumns,
  maxScorePerBucket,
  readingColumns,
  type HistoryRange,
  type MetricKey,
} from './telemetry-series';

const COLOR: Record<MetricKey, string> = {
  temperature: '#0891b2',
  cpuTemp: '#dc2626',
  cpuUsage: '#4f46e5',
  ramUsage: '#0d9488',
  diskUsage: '#a16207',
  latency: '#7c3aed',
  signalStrength: '#0369a1',
  humidity: '#2563eb',
  airQuality: '#65a30d',
};

function useSeries(metrics: readonly MetricKey[], unit: string) {
  const { t } = useTranslation();
  return metrics.map((m): ChartSeries => ({ label: t(`kiosks:metrics.${m}`), color: COLOR[m], unit }));
}

function LiveChart({
  group,
  data,
}: {
  group: (typeof CHART_GROUPS)[number];
  data: ReturnType<typeof readingColumns>;
}) {
  const { t } = useTranslation();
  const series = useSeries(group.metrics, group.unit);
  const latest = series.map((s, i) => `${s.label}: ${data[i + 1].at(-1) ?? '—'} ${group.unit}`).join(', ');
  return (
    <div>
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">
        {t(`kiosks:charts.${group.key}`)}
      </h3>
      <Chart
        label={t(`kiosks:charts.${group.key}`)}
        data={data}
        series={series}
        height={180}
        summary={latest}
      />
    </div>
  );
}

/** The newest readings, charted as they arrive on the feed. */
export function LiveTelemetry({ kioskId }: { kioskId: number }) {
  const { t } = useTranslation();
  const live = useLiveReadings(kioskId);
  const readings = live.data;
  const columns = useMemo(
    () => (readings ? CHART_GROUPS.map((g) => readingColumns(readings, g.metrics)) : null),
    [readings],
  );
  return (
    <Card
      title={t('kiosks:charts.liveTitle')}
      description={t('kiosks:charts.liveDescription')}
      actions={
        <span className="inline-flex items-center gap-1.5 text-xs font-medium text-green-800">
          <span className="h-2 w-2 animate-pulse rounded-full bg-green-600" aria-hidden="true" />
          {t('kiosks:charts.points', { count: readings?.length ?? 0 })}
        </span>
      }
    >
      <div data-testid="live-telemetry" data-points={readings?.length ?? 0}>
        {live.isError ? (
          <ErrorState error={live.error} onRetry={() => void live.refetch()} />
        ) : !columns ? (
          <p className="py-8 text-center text-sm text-slate-600">{t('common:loading')}</p>
        ) : readings?.length === 0 ? (
          <p className="py-8 text-center text-sm text-slate-600">{t('kiosks:charts.noLiveData')}</p>
        ) : (
          <div className="grid gap-6 md:grid-cols-2">
            {CHART_GROUPS.map((g, i) => (
              <LiveChart key={g.key} group={g} data={columns[i]} />
            ))}
          </div>
        )}
      </div>
    </Card>
  );
}

function HistoryChart({
  group,
  data,
}: {
  group: (typeof CHART_GROUPS)[number];
  data: ReturnType<typeof bucketColumns>;
}) {
  const { t } = useTranslation();
  const avg = useSeries(group.metrics, group.unit);
  const series = [
    ...avg.map((s) => ({ ...s, label: t('kiosks:charts.avg', { metric: s.label }) })),
    ...avg.map((s) => ({ ...s, label: t('kiosks:charts.max', { metric: s.label }), dash: [4, 4] })),
  ];
  return (
    <div>
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">
        {t(`kiosks:charts.${group.key}`)}
      </h3>
      <Chart label={t(`kiosks:charts.${group.key}`)} data={data} series={series} height={180} />
    </div>
  );
}

function AnomalyChart({ kioskId, range, xs }: { kioskId: number; range: HistoryRange; xs: number[] }) {
  const { t } = useTranslation();
  const scores = useAnomalyScores(kioskId, range);
  const data = useMemo(
    () =>
      scores.data
        ? ([xs, maxScorePerBucket(scores.data, xs, range.bucket)] as [number[], (number | null)[]])
        : null,
    [scores.data, xs, range.bucket],
  );
  if (scores.isError)
    return <p className="text-sm text-slate-600">{t('kiosks:charts.anomalyUnavailable')}</p>;
  if (!data) return <p className="text-sm text-slate-600">{t('common:loading')}</p>;
  const scored = data[1].filter((v) => v !== null).length;
  return (
    <div>
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">
        {t('kiosks:charts.anomaly')}
      </h3>
      {scored === 0 ? (
        <p className="py-4 text-sm text-slate-600">{t('kiosks:charts.noAnomalyScores')}</p>
      ) : (
        <Chart
          label={t('kiosks:charts.anomaly')}
          data={data}
          series={[{ label: t('kiosks:charts.anomalyScore'), color: '#be123c', fill: true }]}
          yRange={[0, 1]}
          height={160}
        />
      )}
    </div>
  );
}

/** avg and max per bucket over a chosen range; the anomaly score alongside over the short ranges. */
export function TelemetryHistory({ kioskId }: { kioskId: number }) {
  const { t } = useTranslation();
  const [rangeKey, setRangeKey] = useState<HistoryRange['key']>('1h');
  const range = HISTORY_RANGES.find((r) => r.key === rangeKey) ?? HISTORY_RANGES[0];
  const history = useTelemetryHistory(kioskId, range.key);
  const columns = useMemo(
    () => (history.data ? CHART_GROUPS.map((g) => bucketColumns(history.data, g.metrics)) : null),
    [history.data],
  );
  return (
    <Card
      title={t('kiosks:charts.historyTitle')}
      description={t('kiosks:charts.historyDescription', { bucket: range.bucket })}
      actions={
        <div
          role="group"
          aria-label={t('kiosks:charts.range')}
          className="inline-flex rounded-md shadow-sm ring-1 ring-slate-300"
        >
          {HISTORY_RANGES.map((r) => (
            <button
              key={r.key}
              type="button"
              aria-pressed={r.key === range.key}
              onClick={() => setRangeKey(r.key)}
              className={`px-2.5 py-1 text-xs font-medium first:rounded-l-md last:rounded-r-md focus-visible:outline-2 focus-visible:outline-indigo-600 ${
                r.key === range.key ? 'bg-slate-900 text-white' : 'bg-white text-slate-700 hover:bg-slate-50'
              }`}
            >
              {t(`kiosks:charts.ranges.${r.key}`)}
            </button>
          ))}
        </div>
      }
    >
      {history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : !columns ? (
        <p className="py-8 text-center text-sm text-slate-600">{t('common:loading')}</p>
      ) : columns[0][0].length === 0 ? (
        <p className="py-8 text-center text-sm text-slate-600">{t('kiosks:charts.noHistory')}</p>
      ) : (
        <div className="grid gap-6 md:grid-cols-2">
          {CHART_GROUPS.map((g, i) => (
            <HistoryChart key={g.key} group={g} data={columns[i]} />
          ))}
          {range.withAnomaly && <AnomalyChart kioskId={kioskId} range={range} xs={columns[0][0]} />}
        </div>
      )}
    </Card>
  );
}
