import { KioskFleetApiError } from '@kiosk-fleet/sdk';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { Card } from '../../components/Card';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { formatDateTime } from '../admin/components/format';
import { RolloutActions } from './RolloutActions';
import { RolloutStatusBadge, TargetText, WaveBar, WaveStateBadge } from './RolloutParts';
import { useRollout, type Rollout } from './queries';

function Row({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[11rem_1fr] gap-2 py-1.5 text-sm">
      <dt className="text-slate-600">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900">{children}</dd>
    </div>
  );
}

/** What holds the next step while the rollout runs, in words (the guard, never the server's English). */
function HeldBy({ rollout }: { rollout: Rollout }) {
  const { t } = useTranslation('rollouts');
  if (rollout.status !== 'running' || !rollout.heldBy) return null;
  const wave = (rollout.currentWave ?? 0) + 1;
  return (
    <div
      role="status"
      data-testid="rollout-held-by"
      data-guard={rollout.heldBy.guard}
      className="rounded-md bg-sky-50 px-4 py-3 text-sm text-sky-900 ring-1 ring-sky-200"
    >
      <span className="font-semibold">{t('heldBy.label')}</span>{' '}
      {t(`heldBy.${rollout.heldBy.guard}`, { wave })}
    </div>
  );
}

function Settings({ rollout }: { rollout: Rollout }) {
  const { t, i18n } = useTranslation('rollouts');
  const lang = i18n.language;
  return (
    <Card title={t('detail.settings')}>
      <dl className="divide-y divide-slate-100">
        <Row label={t('fields.version')}>{rollout.params.version}</Row>
        <Row label={t('fields.url')}>
          <span className="break-all">{rollout.params.url}</span>
        </Row>
        <Row label={t('fields.sha256')}>
          <span className="break-all font-mono text-xs">{rollout.params.sha256}</span>
        </Row>
        <Row label={t('fields.target')}>
          <TargetText rollout={rollout} />
        </Row>
        <Row label={t('fields.kiosks')}>{rollout.kiosks.toLocaleString(lang)}</Row>
        <Row label={t('fields.threshold')}>
          {t('detail.threshold', { percent: Math.round(rollout.failureThreshold * 1000) / 10 })}
        </Row>
        <Row label={t('fields.waitSeconds')}>{t('detail.seconds', { count: rollout.waitSeconds })}</Row>
        <Row label={t('fields.respectMaintenanceWindows')}>
          {rollout.respectMaintenanceWindows ? t('detail.yes') : t('detail.no')}
        </Row>
        <Row label={t('fields.createdAt')}>{formatDateTime(rollout.createdAt, lang)}</Row>
        <Row label={t('fields.startedAt')}>{formatDateTime(rollout.startedAt, lang)}</Row>
        <Row label={t('fields.finishedAt')}>{formatDateTime(rollout.finishedAt, lang)}</Row>
      </dl>
    </Card>
  );
}

function Waves({ rollout }: { rollout: Rollout }) {
  const { t, i18n } = useTranslation('rollouts');
  return (
    <Card title={t('detail.waves')} bodyClassName="overflow-x-auto">
      <table className="w-full min-w-[40rem] text-left text-sm" aria-label={t('detail.waves')}>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              {t('wave.column')}
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              {t('fields.status')}
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              {t('fields.kiosks')}
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              {t('wave.succeeded')}
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              {t('wave.failed')}
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              {t('wave.pending')}
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              {t('fields.progress')}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rollout.waves.map((w) => (
            <tr
              key={w.index}
              data-testid="rollout-wave"
              aria-current={rollout.currentWave === w.index ? 'step' : undefined}
              className={rollout.currentWave === w.index ? 'bg-indigo-50/50' : undefined}
            >
              <th scope="row" className="px-4 py-2 font-medium text-slate-900">
                {t('wave.name', { n: w.index + 1 })}
                <span className="ml-1 font-normal text-slate-600">
                  ({t('wave.percent', { percent: rollout.wavePercents[w.index] ?? 0 })})
                </span>
              </th>
              <td className="px-4 py-2">
                <WaveStateBadge wave={w} threshold={rollout.failureThreshold} />
              </td>
              <td className="px-4 py-2 text-right tabular-nums">{w.kiosks.toLocaleString(i18n.language)}</td>
              <td className="px-4 py-2 text-right tabular-nums">
                {w.succeeded.toLocaleString(i18n.language)}
              </td>
              <td className="px-4 py-2 text-right tabular-nums">{w.failed.toLocaleString(i18n.language)}</td>
              <td className="px-4 py-2 text-right tabular-nums">{w.pending.toLocaleString(i18n.language)}</td>
              <td className="px-4 py-2">
                <WaveBar wave={w} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

/** One rollout: where each wave stands, what holds it, why it ended, and (admins) steer it. */
export default function RolloutPage() {
  const { t } = useTranslation('rollouts');
  const id = useParams().id ?? '';
  const rollout = useRollout(id);

  if (rollout.error instanceof KioskFleetApiError && [400, 404].includes(rollout.error.statusCode)) {
    return (
      <EmptyState
        icon="download"
        title={t('detail.notFound')}
        action={
          <Link to="/rollouts" className="text-sm font-medium text-indigo-700 hover:underline">
            {t('detail.back')}
          </Link>
        }
      />
    );
  }
  if (rollout.isError) return <ErrorState error={rollout.error} onRetry={() => void rollout.refetch()} />;
  if (!rollout.data) return <p className="text-sm text-slate-600">{t('common:loading')}</p>;
  const r = rollout.data;

  return (
    <div className="space-y-4">
      <nav aria-label={t('detail.breadcrumb')} className="text-sm">
        <Link to="/rollouts" className="text-indigo-700 underline hover:text-indigo-900">
          {t('title')}
        </Link>
        <span className="text-slate-500" aria-hidden="true">
          {' / '}
        </span>
        <span className="text-slate-700">{r.name}</span>
      </nav>
      <header className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold text-slate-900">{r.name}</h1>
          <span data-testid="rollout-status" data-status={r.status}>
            <RolloutStatusBadge status={r.status} />
          </span>
        </div>
        <RolloutActions rollout={r} />
      </header>
      <HeldBy rollout={r} />
      {r.reason && (r.status === 'aborted' || r.status === 'cancelled') && (
        <p className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200">
          <span className="font-semibold">{t('detail.reason')}</span> {r.reason}
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <Waves rollout={r} />
        </div>
        <Settings rollout={r} />
      </div>
    </div>
  );
}
