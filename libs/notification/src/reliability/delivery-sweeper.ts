import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { PeriodicTask } from '@app/core';
import { QueueName } from '@app/contracts';
import { queryRecords } from '@app/database';
import { scheduleAttempt } from '../webhooks/webhook-deliverer';

const SWEEP_EVERY_MS = 30_000;
const PRUNE_EVERY_MS = 3600_000;
/** Finished deliveries (delivered or dead) stay listed this long, then are deleted. */
export const KEEP_FINISHED_DELIVERIES_DAYS = 30;
const OVERDUE_AFTER_MS = 60_000;
const LIMIT = 1_000;

/**
 * PostgreSQL is the record of what is owed, Redis only the schedule. A delivery whose attempt is
 * overdue while its job is gone (Redis lost it, or a process died between writing the delivery
 * and enqueueing its job) gets a new job. A job still waiting or running is left alone, so a busy
 * queue is not doubled.
 */
@Injectable()
export class DeliverySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliverySweeper.name);
  private readonly task: PeriodicTask;
  private lastPrune = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
  ) {
    this.task = new PeriodicTask({
      intervalMs: SWEEP_EVERY_MS,
      run: () => this.sweep(),
      logger: this.logger,
      failure: 'webhook delivery sweep failed',
    });
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** One pass; returns how many deliveries got a new job. Public so tests need not wait for the timer. */
  async sweep(overdueAfterMs = OVERDUE_AFTER_MS): Promise<number> {
    const due = await queryRecords<{ id: string; job_id: string | null }>(
      this.dataSource,
      `SELECT d.id, d.job_id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
        WHERE d.status IN ('pending', 'failed') AND w.active
          AND d.next_attempt_at < now() - make_interval(secs => $1::int / 1000.0)
        ORDER BY d.next_attempt_at LIMIT $2`,
      [overdueAfterMs, LIMIT],
    );
    let requeued = 0;
    for (const d of due) {
      const job = d.job_id ? await this.queue.getJob(d.job_id) : null;
      const state = job ? await job.getState() : 'missing';
      if (state === 'waiting' || state === 'active' || state === 'delayed' || state === 'paused') continue;
      await scheduleAttempt(this.dataSource, this.queue, d.id, `${d.id}:sweep:${Date.now()}`);
      requeued++;
    }
    if (requeued) this.logger.warn(`re-enqueued ${requeued} overdue webhook deliveries whose jobs were gone`);
    await this.pruneFinished();
    return requeued;
  }

  private async pruneFinished(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    await this.dataSource.query(
      `DELETE FROM webhook_deliveries
        WHERE status IN ('delivered', 'dead') AND created_at < now() - make_interval(days => $1)`,
      [KEEP_FINISHED_DELIVERIES_DAYS],
    );
  }
}
