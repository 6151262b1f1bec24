import { OnQueueFailed, Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import {
  DeliverWebhookJob,
  NotificationsJob,
  QueueName,
  RemindAlertJob,
  RouteEventJob,
  SendDigestJob,
  SendEmailJob,
} from '@app/contracts';
import { AlertReminders, ReminderOutcome } from '../email/alert-reminders';
import { DigestSender } from '../email/digest-sender';
import { EmailOutcome, SmtpMailer } from '../email/smtp-mailer';
import { NotificationMetrics } from '../metrics/notification-metrics';
import { EventRouter } from '../outbox/event-router';
import { AttemptResult, WebhookDeliverer } from '../webhooks/webhook-deliverer';

/**
 * The notifications queue: every job name has one handler here, each delegating to a service.
 * Concurrency adds up across handlers of one queue (Bull); webhook deliveries get most of it
 * because they mostly wait on receivers.
 */
@Processor(QueueName.Notifications)
export class NotificationsProcessor {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    private readonly mailer: SmtpMailer,
    private readonly router: EventRouter,
    private readonly deliverer: WebhookDeliverer,
    private readonly digests: DigestSender,
    private readonly reminders: AlertReminders,
    private readonly metrics: NotificationMetrics,
  ) {}

  @Process({ name: NotificationsJob.SendEmail, concurrency: 5 })
  sendEmail(job: Job<SendEmailJob>): Promise<EmailOutcome> {
    return this.mailer.send(job.data);
  }

  @Process({ name: NotificationsJob.RouteEvent, concurrency: 50 })
  routeEvent(job: Job<RouteEventJob>): Promise<{ deliveries: number; emails: number }> {
    return this.router.route(job.data);
  }

  @Process({ name: NotificationsJob.DeliverWebhook, concurrency: 100 })
  deliverWebhook(job: Job<DeliverWebhookJob>): Promise<AttemptResult> {
    return this.deliverer.attempt(job.data.deliveryId);
  }

  @Process({ name: NotificationsJob.SendDigest, concurrency: 1 })
  sendDigest(job: Job<SendDigestJob>): Promise<{ emails: number; items: number }> {
    return this.digests.send(job.data);
  }

  @Process({ name: NotificationsJob.RemindAlert, concurrency: 2 })
  remindAlert(job: Job<RemindAlertJob>): Promise<ReminderOutcome> {
    return this.reminders.remind(job.data);
  }

  @OnQueueFailed()
  onFailed(job: Job, error: Error): void {
    this.metrics.jobFailures.inc({ job: job.name });
    this.logger.warn(`${job.name} ${job.id} failed (attempt ${job.attemptsMade}): ${error.message}`);
  }
}
