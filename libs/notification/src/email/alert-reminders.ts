import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource, QueryFailedError } from 'typeorm';
import { AppConfig, InjectAppConfig } from '@app/core';
import { NotificationsJob, QueueName, RemindAlertJob } from '@app/contracts';
import { NotificationMetrics } from '../metrics/notification-metrics';
import { recipientsFor } from '../policies/policy-match';
import { renderAlertEmail } from './alert-email-template';
import { EmailJobs } from './email-jobs';
import { KioskFactsForEmail } from './kiosk-facts-for-email';

interface AlertRow {
  id: string;
  kiosk_id: number | null;
  severity: string;
  status: string;
  muted: boolean;
  title: string;
  explanation: { text: string }[] | null;
  first_seen_at: Date;
}

export type ReminderOutcome = { stopped: string } | { reminded: number; next: boolean };

/**
 * A critical alert nobody has acknowledged is re-notified every R seconds: each run re-reads the
 * alert and stops the chain once it is acknowledged, resolved or no longer critical. Reminders are
 * not counted against the budget: folding one into an hourly digest would defeat its purpose.
 */
@Injectable()
export class AlertReminders {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly emails: EmailJobs,
    private readonly kiosks: KioskFactsForEmail,
    private readonly metrics: NotificationMetrics,
  ) {}

  async remind(job: RemindAlertJob): Promise<ReminderOutcome> {
    const alert = await this.load(job.alertId);
    if (!alert) return { stopped: 'gone' };
    if (alert.status !== 'open') return { stopped: alert.status };
    if (alert.severity !== 'critical') return { stopped: `severity ${alert.severity}` };
    const n = job.sent + 1;
    if (!alert.muted) {
      const kiosk = await this.kiosks.describe(alert.kiosk_id);
      const to = recipientsFor(await this.emails.emailPolicies(), alert.severity, kiosk?.tags ?? []);
      if (to.length) {
        const openMin = Math.round((Date.now() - alert.first_seen_at.getTime()) / 60_000);
        const email = renderAlertEmail({
          alertId: alert.id,
          title: alert.title,
          severity: alert.severity,
          status: alert.status,
          what: `reminder ${n}: still unacknowledged after ${openMin} min`,
          occurredAt: new Date().toISOString(),
          kiosk,
          explanation: alert.explanation,
          link: `${this.config.notifications.publicBaseUrl}/api/v1/alerts/${alert.id}`,
        });
        await this.emails.enqueue(`remind-${alert.id}-${job.chain}-${n}`, to, email);
        this.metrics.emails.inc({ kind: 'reminder', outcome: 'queued' });
      }
    }
    const next: RemindAlertJob = { ...job, sent: n };
    await this.queue.add(NotificationsJob.RemindAlert, next, {
      jobId: `remind:${alert.id}:${job.chain}:${n + 1}`,
      delay: this.config.notifications.reminderSec * 1000,
    });
    return { reminded: n, next: true };
  }

  private async load(alertId: string): Promise<AlertRow | null> {
    try {
      const [row] = await this.dataSource.query(
        `SELECT id, kiosk_id, severity, status, muted, title, explanation, first_seen_at FROM alert_facts_v WHERE id = $1`,
        [alertId],
      );
      return (row as AlertRow | undefined) ?? null;
    } catch (e) {
      // No alert_facts_v (the alert module's read model): it is not installed, so nothing to remind of.
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '42P01') return null;
      throw e;
    }
  }
}
