import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { NotificationsJob, QueueName, SendEmailJob } from '@app/contracts';
import type { PolicyRow } from '../policies/policy-match';
import type { RenderedEmail } from './alert-email-template';
import { Batcher } from '@app/core';

/** An SMTP outage of up to about two hours delays notification emails instead of losing them. */
const EMAIL_RETRIES = { attempts: 8, backoff: { type: 'exponential', delay: 30_000 } } as const;

/** Enqueues emails under stable job ids, so composing the same email twice sends it once. */
@Injectable()
export class EmailJobs {
  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async enqueue(id: string, to: string[], email: RenderedEmail): Promise<void> {
    const data: SendEmailJob = { to, ...email, messageId: id };
    await this.queue.add(NotificationsJob.SendEmail, data, { jobId: id, ...EMAIL_RETRIES });
  }

  /** One read of the policies for the alert events handled together (always fresh: no cache to go stale). */
  private readonly policies = new Batcher<null, PolicyRow[]>(async (callers) => {
    const rows: PolicyRow[] = await this.dataSource.query(
      `SELECT id, channel, recipients, min_severity, tags FROM notification_policies WHERE channel = 'email'`,
    );
    return callers.map(() => rows);
  });

  emailPolicies(): Promise<PolicyRow[]> {
    return this.policies.submit(null);
  }
}
