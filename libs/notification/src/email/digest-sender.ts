import { Injectable } from '@nestjs/common';
import { SendDigestJob } from '@app/contracts';
import { NotificationBudget } from '../budget/notification-budget';
import { NotificationMetrics } from '../metrics/notification-metrics';
import { renderDigestEmail } from './alert-email-template';
import { EmailJobs } from './email-jobs';
import { KioskFactsForEmail } from './kiosk-facts-for-email';

/** At the end of a budget window: one email per recipient group with everything folded in that window. */
@Injectable()
export class DigestSender {
  constructor(
    private readonly budget: NotificationBudget,
    private readonly emails: EmailJobs,
    private readonly kiosks: KioskFactsForEmail,
    private readonly metrics: NotificationMetrics,
  ) {}

  async send(job: SendDigestJob): Promise<{ emails: number; items: number }> {
    const items = await this.budget.folded(job.channel, job.budgetKey, job.windowStart);
    if (items.length === 0) return { emails: 0, items: 0 };
    const kiosk = job.budgetKey === 'fleet' ? null : await this.kiosks.describe(Number(job.budgetKey));
    const label = kiosk ? `${kiosk.name} (${kiosk.serial})` : 'the fleet';
    const groups = new Map<string, { to: string[]; items: typeof items }>();
    for (const item of items) {
      const key = [...item.recipients].sort().join(',');
      const group = groups.get(key) ?? { to: item.recipients, items: [] };
      group.items.push(item);
      groups.set(key, group);
    }
    let n = 0;
    const windowEnd = new Date(this.budget.windowEndOf(job.windowStart));
    for (const { to, items: mine } of groups.values()) {
      const email = renderDigestEmail(label, windowEnd, mine);
      await this.emails.enqueue(
        `digest-${job.channel}-${job.budgetKey}-${job.windowStart}-${n++}`,
        to,
        email,
      );
      this.metrics.emails.inc({ kind: 'digest', outcome: 'queued' });
    }
    // Only after every email is queued under a stable id: a retried digest job sends nothing twice.
    await this.budget.clearFolded(job.channel, job.budgetKey, job.windowStart);
    return { emails: n, items: items.length };
  }
}
