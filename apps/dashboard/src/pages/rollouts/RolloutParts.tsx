import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../components/Badge';
import type { Rollout, RolloutStatus, RolloutWave } from './queries';

const STATUS_TONE: Record<RolloutStatus, BadgeTone> = {
  draft: 'neutral',
  running: 'info',
  paused: 'warning',
  completed: 'success',
  aborted: 'danger',
  cancelled: 'neutral',
};

export function RolloutStatusBadge({ status }: { status: RolloutStatus }) {
  const { t } = useTranslation('rollouts');
  return <Badge tone={STATUS_TONE[status]}>{t(`status.${status}`)}</Badge>;
}

export type WaveState = 'waiting' | 'inProgress' | 'done' | 'overThreshold';

/** Where a wave is: not started, running, finished, or finished with too many failures. */
export function waveState(wave: RolloutWave, failureThreshold: number): WaveState {
  if (!wave.startedAt) return 'waiting';
  if (wave.kiosks > 0 && wave.failed / wave.kiosks > failureThreshold) return 'overThreshold';
  return wave.finishedAt ? 'done' : 'inProgress';
}

const WAVE_TONE: Record<WaveState, BadgeTone> = {
  waiting: 'neutral',
  inProgress: 'info',
  done: 'success',
  overThreshold: 'danger',
};

export function WaveStateBadge({ wave, threshold }: { wave: RolloutWave; threshold: number }) {
  const { t } = useTranslation('rollouts');
  const state = waveState(wave, threshold);
  return <Badge tone={WAVE_TONE[state]}>{t(`wave.state.${state}`)}</Badge>;
}

/**
 * A wave's kiosks as a bar: succeeded green, failed red, the rest grey. The bar is decoration; the
 * counts are in the text beside it (and read by screen readers).
 */
export function WaveBar({ wave, compact = false }: { wave: RolloutWave; compact?: boolean }) {
  const { t } = useTranslation('rollouts');
  const pct = (n: number) => (wave.kiosks > 0 ? (100 * n) / wave.kiosks : 0);
  return (
    <div className={compact ? 'min-w-0' : 'min-w-[8rem]'}>
      <div className="flex h-2 overflow-hidden rounded-full bg-slate-200" aria-hidden="true">
        <div className="bg-green-600" style={{ width: `${pct(wave.succeeded)}%` }} />
        <div className="bg-red-600" style={{ width: `${pct(wave.failed)}%` }} />
      </div>
      <p className="mt-1 text-xs tabular-nums text-slate-600">
        {t('wave.counts', { succeeded: wave.succeeded, failed: wave.failed, kiosks: wave.kiosks })}
      </p>
    </div>
  );
}

/** Every wave of a rollout side by side, as the list shows it. */
export function WavesSummary({ rollout }: { rollout: Rollout }) {
  const { t } = useTranslation('rollouts');
  return (
    <ol className="flex gap-2" aria-label={t('wave.listLabel', { name: rollout.name })}>
      {rollout.waves.map((w) => (
        <li key={w.index} className="w-24 min-w-0">
          <span className="sr-only">{t('wave.name', { n: w.index + 1 })}: </span>
          <WaveBar wave={w} compact />
        </li>
      ))}
    </ol>
  );
}

/** The target in words: a tag, some kiosks, or the kiosks below a version. */
export function TargetText({ rollout }: { rollout: Pick<Rollout, 'target'> }) {
  const { t } = useTranslation('rollouts');
  const { tag, kioskIds, firmwareBelow } = rollout.target;
  if (tag) return <>{t('target.tagText', { tag })}</>;
  if (kioskIds?.length) {
    return <>{t('target.kioskIdsText', { count: kioskIds.length, ids: kioskIds.join(', ') })}</>;
  }
  if (firmwareBelow) return <>{t('target.firmwareBelowText', { version: firmwareBelow })}</>;
  return <>—</>;
}
