import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors';
import { useAuth } from '../../auth';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { SelectField } from '../../components/Field';
import { useRetrainJob, useStartRetrain } from './queries';
import {
  allowedSources,
  jobFinished,
  rememberedJob,
  rememberJob,
  type DataSource,
  type RetrainJob,
} from './retrain';

function JobProgress({ job }: { job: RetrainJob }) {
  const { t } = useTranslation();
  const failed = job.state === 'failed';
  return (
    <div className="space-y-2" aria-live="polite">
      <div className="flex items-center justify-between text-sm">
        <span className="font-medium text-slate-800">{t(`ai:retrain.state.${job.state}`)}</span>
        <span className="tabular-nums text-slate-600">{job.progress}%</span>
      </div>
      <div
        role="progressbar"
        aria-label={t('ai:retrain.progress')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={job.progress}
        className="h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className={`h-full rounded-full transition-all ${failed ? 'bg-red-600' : 'bg-indigo-600'}`}
          style={{ width: `${job.progress}%` }}
        />
      </div>
      <p className="text-xs text-slate-600">
        {job.stage}
        {job.detail ? ` · ${job.detail}` : ''}
      </p>
      {job.error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {job.error}
        </p>
      )}
      {job.result && (
        <p
          role="status"
          className={`rounded-md px-3 py-2 text-sm ${job.result.promoted ? 'bg-green-50 text-green-800' : 'bg-amber-50 text-amber-900'}`}
        >
          {job.result.promoted
            ? t('ai:retrain.promoted', { version: job.result.version })
            : t('ai:retrain.notPromoted', { version: job.result.version, reason: job.result.reason })}
        </p>
      )}
    </div>
  );
}

/**
 * Start a retraining (admins on any data; operators on synthetic data only) and watch it: the job is
 * polled every second until it completes, and remembered for the tab so a reload keeps watching.
 */
export function RetrainCard() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const sources = allowedSources(can);
  const [source, setSource] = useState<DataSource>('synthetic');
  const [jobId, setJobId] = useState<string | null>(() => rememberedJob());
  const start = useStartRetrain();
  const job = useRetrainJob(jobId);
  if (sources.length === 0) return null;
  const running = jobId !== null && !jobFinished(job.data);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    start.mutate(source, {
      onSuccess: (accepted) => {
        rememberJob(accepted.jobId);
        setJobId(accepted.jobId);
      },
    });
  };

  return (
    <Card title={t('ai:retrain.title')} description={t('ai:retrain.description')}>
      <form className="flex flex-wrap items-end gap-3" onSubmit={submit}>
        <SelectField
          label={t('ai:retrain.dataSource')}
          value={source}
          onChange={(e) => setSource(sources.find((s) => s === e.target.value) ?? 'synthetic')}
          className="min-w-[12rem]"
        >
          {sources.map((s) => (
            <option key={s} value={s}>
              {t(`ai:retrain.source.${s}`)}
            </option>
          ))}
        </SelectField>
        <Button type="submit" busy={start.isPending} disabled={running}>
          {t('ai:retrain.start')}
        </Button>
        {sources.length === 1 && (
          <p className="basis-full text-xs text-slate-600">{t('ai:retrain.syntheticOnly')}</p>
        )}
      </form>
      {start.isError && (
        <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {errorMessage(start.error, t)}
        </p>
      )}
      {start.data?.deduplicated && (
        <p className="mt-3 text-sm text-slate-600">
          {t('ai:retrain.deduplicated', { id: start.data.jobId })}
        </p>
      )}
      {jobId !== null && (
        <div className="mt-4 border-t border-slate-100 pt-4">
          <p className="mb-2 text-xs font-medium uppercase tracking-wide text-slate-600">
            {t('ai:retrain.job', { id: jobId })}
          </p>
          {job.data ? (
            <JobProgress job={job.data} />
          ) : job.isError ? (
            <p role="alert" className="text-sm text-red-800">
              {errorMessage(job.error, t)}
            </p>
          ) : (
            <div className="h-2 animate-pulse rounded-full bg-slate-100" />
          )}
        </div>
      )}
    </Card>
  );
}
