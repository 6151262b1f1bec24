import { OnQueueFailed, Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { IssueConfigureJob, KioskConfigsJob, QueueName } from '@app/contracts';
import { KioskConfigRepository } from '../config/kiosk-config.repository';
import { KioskConfigs } from '../config/kiosk-configs';

/** The worker side of a settings change over many kiosks: their `configure` commands. */
@Processor(QueueName.KioskConfigs)
export class KioskConfigsProcessor {
  private readonly logger = new Logger(KioskConfigsProcessor.name);

  constructor(
    private readonly repository: KioskConfigRepository,
    private readonly configs: KioskConfigs,
  ) {}

  /**
   * Kiosks the range's versions were never sent: a retried job (or one overtaken by a kiosk's join,
   * or by a later change that already sent a newer version) sends nobody a second configure.
   */
  @Process({ name: KioskConfigsJob.IssueConfigure, concurrency: 1 })
  async issueConfigure(job: Job<IssueConfigureJob>): Promise<{ issued: number }> {
    const { fromVersion, toVersion, issuedBy } = job.data;
    const kioskIds = await this.repository.findUnsentInRange(fromVersion, toVersion);
    const issued = await this.configs.issue(kioskIds, issuedBy, true);
    this.logger.log(`configure versions ${fromVersion}-${toVersion}: ${issued} command(s) issued`);
    return { issued };
  }

  @OnQueueFailed()
  onFailed(job: Job, error: Error): void {
    this.logger.error(`${job.name} ${job.id} failed (attempt ${job.attemptsMade}): ${error.message}`);
  }
}
