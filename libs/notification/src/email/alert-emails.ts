import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig, InjectAppConfig } from '@app/core';
import { NotificationsJob, QueueName, RemindAlertJob, RouteEventJob, SendDigestJob } from '@app/contracts';
import { NotificationBudget } from '../budget/notification-budget';
import { NotificationMetrics } from '../metrics/notification-metrics';
import { recipientsFor } from '../policies/policy-match';
import { AlertEmailFacts, renderAlertEmail } from './alert-email-template';
import { EmailJobs } from './email-jobs';
import { KioskFactsForEmail } from './kiosk-facts-for-email';

/** The fields of the alert resource (the `data` of alert.* events) an email needs. */
export interface AlertEventData {
  id: string;
  kioskId: number | null;
  severity: string;
  status: string;
  title: string;
  muted: boolean;
  explanation: { text: string }[] | null;
  change: string | null;
}

export function readAlertEvent(data: Record<string, unknown>): AlertEventData | null {
  const alert = (typeof data.alert === 'object' && data.alert !== null ? data.alert : data) as Record<
    string,
    unknown
  >;
  if (typeof alert.id !== 'string' || typeof alert.severity !== 'string') return null;
  const change = data.change ?? alert.change;
  return {
    id: alert.id,
    kioskId: typeof alert.kioskId === 'number' ? alert.kioskId : null,
    severity: alert.severity,
    status: typeof alert.status === 'string' ? alert.status : 'open',
    title: typeof alert.title === 'string' ? alert.title : 'Alert',
    muted: alert.muted === true,
    explanation: Array.isArray(alert.explanation) ? (alert.explanation as { text: string }[]) : null,
    change: typeof change === 'string' ? change : null,
  };
}

/** Changes that start (another run of) reminders for a critical alert still open. */
const STARTS_REMINDERS = new Set(['raised', 'escalated', 'reopened', 'unmuted']);

/**
 * Emails of alert events, to the recipients of the matching notification policies: within the
 * kiosk's budget at once, over it folded into the window's digest. A critical alert that is still
 * open starts its reminders here.
 */
@Injectable()
export class AlertEmails {
  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly emails: EmailJobs,
    private readonly kiosks: KioskFactsForEmail,
    private readonly budget: NotificationBudget,
    private readonly metrics: NotificationMetrics,
  ) {}

  alertLink(alertId: string): string {
    return `${this.config.notifications.publicBaseUrl}/api/v1/alerts/${alertId}`;
  }

  /** Returns the number of emails sent at once (0 when none matched or it was folded into a digest). */
  async onAlertEvent(event: RouteEventJob): Promise<number> {
    const alert = readAlertEvent(event.data);
    if (!alert || alert.muted) return 0;
    const what = event.type === 'alert.raised' ? 'raised' : (alert.change ?? 'updated');
    if (what === 'note_added') return 0;
    const policies = await this.emails.emailPolicies();
    if (policies.length === 0) return 0;
    const kiosk = await this.kiosks.describe(alert.kioskId);
    const to = recipientsFor(policies, alert.severity, kiosk?.tags ?? []);
    if (to.length === 0) return 0;
    if (alert.severity === 'critical' && alert.status === 'open' && STARTS_REMINDERS.has(what)) {
      const job: RemindAlertJob = { alertId: alert.id, chain: event.eventId, sent: 0 };
      await this.queue.add(NotificationsJob.RemindAlert, job, {
        jobId: `remind:${alert.id}:${event.eventId}:1`,
        delay: this.config.notifications.reminderSec * 1000,
      });
    }
    const facts: AlertEmailFacts = {
      alertId: alert.id,
      title: alert.title,
      severity: alert.severity,
      status: alert.status,
      what,
      occurredAt: event.occurredAt,
      kiosk,
      explanation: alert.explanation,
      link: this.alertLink(alert.id),
    };
    const email = renderAlertEmail(facts);
    const window = this.budget.windowOf(alert.kioskId);
    if ((await this.budget.take('email', window)).withinBudget) {
      await this.emails.enqueue(`alert-${event.eventId}`, to, email);
      this.metrics.emails.inc({ kind: 'alert', outcome: 'queued' });
      return 1;
    }
    await this.budget.fold('email', window, {
      eventId: event.eventId,
      summary: `${email.subject}`,
      occurredAt: event.occurredAt,
      link: facts.link,
      recipients: to,
    });
    // Every time, not only for the first folded item: a crash after the first must not lose the digest.
    const digest: SendDigestJob = {
      channel: 'email',
      budgetKey: window.budgetKey,
      windowStart: window.windowStart,
    };
    await this.queue.add(NotificationsJob.SendDigest, digest, {
      jobId: `digest:email:${window.budgetKey}:${window.windowStart}`,
      delay: Math.max(0, window.windowEnd - Date.now()),
    });
    this.metrics.emails.inc({ kind: 'alert', outcome: 'folded' });
    return 0;
  }
}
