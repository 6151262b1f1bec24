import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { IssueConfigureJob, KioskConfigsJob, QueueName } from '@app/contracts';
import type { DesiredChange } from './kiosk-configs';

/** The id of the job that sends the versions [from, to]: enqueuing it twice still sends once. */
export const issueConfigureJobId = (from: number, to: number) => `configure-${from}-${to}`;

/**
 * Hands the `configure` commands of a change over many kiosks to the worker, so the request that
 * made the change answers once the desired versions are committed (10,000 kiosks take seconds to
 * command). Nothing is lost when the job is: ConfigureFanOutRecovery finds versions never sent.
 */
@Injectable()
export class ConfigureFanOut {
  private readonly logger = new Logger(ConfigureFanOut.name);

  constructor(@InjectQueue(QueueName.KioskConfigs) private readonly queue: Queue<IssueConfigureJob>) {}

  async enqueue(changed: readonly DesiredChange[], issuedBy: string | null): Promise<void> {
    if (!changed.length) return;
    let fromVersion = changed[0].version;
    let toVersion = fromVersion;
    for (const { version } of changed) {
      fromVersion = Math.min(fromVersion, version);
      toVersion = Math.max(toVersion, version);
    }
    try {
      await this.queue.add(
        KioskConfigsJob.IssueConfigure,
        { fromVersion, toVersion, issuedBy },
        { jobId: issueConfigureJobId(fromVersion, toVersion) },
      );
    } catch (e) {
      // The change is committed: answering an error would say it was not. The recovery sends it.
      this.logger.warn(
        `configure for versions ${fromVersion}-${toVersion} not enqueued (the recovery sweep sends it): ${String(e)}`,
      );
    }
  }
}
