import type { Job, JobStatus, Queue } from 'bull';
import { AiRetrainingJob, RetrainModelJob, RetrainingDataSource } from '@app/contracts';

/** A job in one of these still has its retraining ahead or under way. */
const PENDING: ReadonlySet<JobStatus | 'stuck'> = new Set(['waiting', 'active', 'delayed', 'paused']);
/** A stale entry is cleared and the add tried again; more than this many in a row is a bug. */
const MAX_ATTEMPTS = 3;

/** Deletes the dedup entry only if it still names the job found stale (a newer one is kept). */
const CLEAR_IF_SAME = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export interface QueuedRetraining {
  jobId: string;
  /** True when an identical request's job was still waiting or running, and this is its id. */
  deduplicated: boolean;
}

/**
 * At most one manual retraining per data source waiting or running at a time: a second request
 * for the same data source gets the pending job's id. Per data source, not global, because
 * `synthetic`, `real` and `mixed` train different models: a request for one is not answered by
 * another's job. Jobs of the automatic triggers (nightly, labels, drift) are not deduplicated.
 *
 * Bull's own `debounce` does it atomically with the add: a key names the pending job, and Bull
 * deletes it when the job completes or finally fails (a retry in backoff is still pending). The
 * job id stays the queue's numeric sequence (what `GET /ai/jobs/{id}` reads): a fixed id per data
 * source would collide with the finished job Bull keeps under it for 30 days.
 */
export class PendingRetrainings {
  constructor(private readonly queue: Queue<RetrainModelJob>) {}

  async enqueue(data: RetrainModelJob): Promise<QueuedRetraining> {
    const debounceId = `manual-${data.dataSource}`;
    for (let attempt = 1; ; attempt++) {
      // Our own id from the queue's sequence: the add answers another id only when it deduplicated.
      const ownId = String(await this.queue.client.incr(this.queue.toKey('id')));
      const job = await this.queue.add(AiRetrainingJob.Retrain, data, {
        jobId: ownId,
        debounce: { id: debounceId },
      });
      const jobId = String(job.id);
      if (jobId === ownId ? await this.exists(jobId) : await this.stillPending(jobId)) {
        return { jobId, deduplicated: jobId !== ownId };
      }
      // The key outlived its job, and Bull would never clear it: the job failed as stalled, or the
      // queue was obliterated (which leaves the keys and restarts the id sequence, so the stale key
      // may even name the id just handed out).
      if (attempt >= MAX_ATTEMPTS) throw new Error(`retraining dedup key of ${data.dataSource} stays stale`);
      await this.clearStale(data.dataSource, jobId);
    }
  }

  private async exists(jobId: string): Promise<boolean> {
    return (await this.queue.getJob(jobId)) !== null;
  }

  private async stillPending(jobId: string): Promise<boolean> {
    const job: Job<RetrainModelJob> | null = await this.queue.getJob(jobId);
    return job !== null && PENDING.has(await job.getState());
  }

  private async clearStale(dataSource: RetrainingDataSource, jobId: string): Promise<void> {
    const key = `${this.queue.toKey('de')}:manual-${dataSource}`;
    await this.queue.client.eval(CLEAR_IF_SAME, 1, key, jobId);
  }
}
