import type { Schema } from '@kiosk-fleet/sdk';
import type { Action } from '../../auth/permissions';

export type RetrainJob = Schema<'RetrainingJobDto'>;
export type DataSource = Schema<'RetrainModelDto'>['dataSource'];

/** Which data each source needs permission for (CONTRACT §5: operators may retrain on `synthetic` only). */
const SOURCE_ACTION: Record<DataSource, Action> = {
  synthetic: 'ai.retrainSynthetic',
  real: 'ai.retrainReal',
  mixed: 'ai.retrainReal',
};

/** The data sources the signed-in user may retrain on, in the order the form offers them. */
export function allowedSources(can: (action: Action) => boolean): DataSource[] {
  return (['synthetic', 'real', 'mixed'] as const).filter((source) => can(SOURCE_ACTION[source]));
}

export function jobFinished(job: Pick<RetrainJob, 'state'> | undefined): boolean {
  return job?.state === 'completed' || job?.state === 'failed';
}

/** How often the job page polls `/ai/jobs/{id}`: quickly while it runs, never once it is done. */
export function jobPollInterval(job: Pick<RetrainJob, 'state'> | undefined): number | false {
  return jobFinished(job) ? false : 1000;
}

/** Remembered per tab so a reload keeps watching the retraining it started. */
const JOB_KEY = 'kf.ai.retrainJob';

export function rememberJob(jobId: string | null): void {
  try {
    if (jobId === null) sessionStorage.removeItem(JOB_KEY);
    else sessionStorage.setItem(JOB_KEY, jobId);
  } catch {
    // storage disabled: the job is still watched until the page is left
  }
}

export function rememberedJob(): string | null {
  try {
    return sessionStorage.getItem(JOB_KEY);
  } catch {
    return null;
  }
}
