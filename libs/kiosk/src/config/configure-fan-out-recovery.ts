import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig, InjectAppConfig, PeriodicTask } from '@app/core';
import { IssueConfigureJob, KioskConfigsJob, QueueName } from '@app/contracts';
import { issueConfigureJobId } from './configure-fan-out';
import { KioskConfigRepository } from './kiosk-config.repository';

const SWEEP_MS = 30_000;
/** A change younger than this may still be on its way into Redis (the request enqueues it next). */
const GRACE_SEC = 30;
/** Older versions are left alone: the kiosks' joins send them (desired > applied, none open). */
const HORIZON_HOURS = 24;

/**
 * Re-enqueues the configure of settings changes whose job is gone: Redis restarted without
 * persistence, or the API died between committing the versions and enqueuing their job. The
 * versions never sent are found in kiosk_configs itself; while any configure job is still queued
 * or running the sweep waits for it, and the job sends only what was never sent, so no kiosk gets
 * a version twice.
 */
@Injectable()
export class ConfigureFanOutRecovery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConfigureFanOutRecovery.name);
  private readonly task: PeriodicTask;

  constructor(
    private readonly repository: KioskConfigRepository,
    @InjectQueue(QueueName.KioskConfigs) private readonly queue: Queue<IssueConfigureJob>,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {
    this.task = new PeriodicTask({
      intervalMs: SWEEP_MS,
      run: () => this.sweep(GRACE_SEC).then(() => undefined),
      logger: this.logger,
      failure: 'configure fan-out recovery failed (retried on the next sweep)',
    });
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Versions older than `graceSec` never sent, with no job on its way: enqueued again. Answers how many kiosks. */
  async sweep(graceSec: number): Promise<number> {
    if (!this.config.enabledModules.has('command')) return 0;
    const span = await this.repository.findUnsentSpan(graceSec, HORIZON_HOURS);
    if (!span) return 0;
    const { waiting, active, delayed } = await this.queue.getJobCounts();
    if (waiting + active + delayed > 0) return 0;
    // Kiosks the command log would not take (a recovery job of the same span already ran) wait for their join.
    const jobId = `recovery-${issueConfigureJobId(span.from, span.to)}`;
    if (await this.queue.getJob(jobId)) return 0;
    await this.queue.add(
      KioskConfigsJob.IssueConfigure,
      { fromVersion: span.from, toVersion: span.to, issuedBy: null },
      { jobId },
    );
    this.logger.warn(
      `re-enqueued the configure of ${span.kiosks} kiosk(s) (versions ${span.from}-${span.to}) whose job was lost`,
    );
    return span.kiosks;
  }
}
