import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { PeriodicTask } from '@app/core';
import { CommandsJob, FanOutBulkCommandJob, QueueName } from '@app/contracts';

const SWEEP_MS = 30_000;
/** A batch younger than this may still be on its way into Redis (the request enqueues it next). */
const GRACE_SEC = 30;
/** Older batches are left alone: their commands would have expired long before they were sent. */
const HORIZON_HOURS = 24;

/**
 * Re-enqueues the fan-out of bulk commands whose job is gone: Redis restarted without persistence,
 * or the API died between recording the batch and enqueuing its job. The fan-out is idempotent
 * (ON CONFLICT per batch and kiosk) and the job id is the batch id, so a job that still exists is
 * never doubled; a job that exhausted its attempts stays failed, visible on the queue dashboard.
 */
@Injectable()
export class BulkFanOutRecovery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BulkFanOutRecovery.name);
  private readonly task: PeriodicTask;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Commands) private readonly queue: Queue<FanOutBulkCommandJob>,
  ) {
    this.task = new PeriodicTask({
      intervalMs: SWEEP_MS,
      run: () => this.sweep(GRACE_SEC).then(() => undefined),
      logger: this.logger,
      failure: 'bulk fan-out recovery failed (retried on the next sweep)',
    });
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Batches older than `graceSec` not fanned out and with no job: enqueued again. Returns how many. */
  async sweep(graceSec: number): Promise<number> {
    const stuck: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM command_batches
        WHERE fanned_out_at IS NULL
          AND created_at < now() - make_interval(secs => $1)
          AND created_at > now() - make_interval(hours => $2)
        ORDER BY created_at LIMIT 100`,
      [graceSec, HORIZON_HOURS],
    );
    let requeued = 0;
    for (const { id } of stuck) {
      if (await this.queue.getJob(id)) continue;
      await this.queue.add(CommandsJob.FanOutBulkCommand, { batchId: id }, { jobId: id });
      requeued++;
    }
    if (requeued)
      this.logger.warn(`re-enqueued the fan-out of ${requeued} bulk command(s) whose job was lost`);
    return requeued;
  }
}
