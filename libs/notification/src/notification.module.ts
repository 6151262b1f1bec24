import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { DomainModuleDescriptor } from '@app/core';
import { NotificationBudget } from './budget/notification-budget';
import { CreateNotificationPolicyHandler } from './commands/create-notification-policy/create-notification-policy.handler';
import { CreateWebhookHandler } from './commands/create-webhook/create-webhook.handler';
import { DeleteNotificationPolicyHandler } from './commands/delete-notification-policy/delete-notification-policy.handler';
import { DeleteWebhookHandler } from './commands/delete-webhook/delete-webhook.handler';
import { RedeliverWebhookDeliveryHandler } from './commands/redeliver-webhook-delivery/redeliver-webhook-delivery.handler';
import { SendTestWebhookHandler } from './commands/send-test-webhook/send-test-webhook.handler';
import { UpdateNotificationPolicyHandler } from './commands/update-notification-policy/update-notification-policy.handler';
import { UpdateWebhookHandler } from './commands/update-webhook/update-webhook.handler';
import { AlertEmails } from './email/alert-emails';
import { AlertReminders } from './email/alert-reminders';
import { DigestSender } from './email/digest-sender';
import { EmailJobs } from './email/email-jobs';
import { KioskFactsForEmail } from './email/kiosk-facts-for-email';
import { SmtpMailer } from './email/smtp-mailer';
import { NotificationMetrics } from './metrics/notification-metrics';
import { EventRouter } from './outbox/event-router';
import { OutboxRelay } from './outbox/outbox-relay';
import { NotificationPolicyRepository } from './policies/notification-policy.repository';
import { NotificationsProcessor } from './processors/notifications.processor';
import { GetNotificationPolicyHandler } from './queries/get-notification-policy/get-notification-policy.handler';
import { GetWebhookHandler } from './queries/get-webhook/get-webhook.handler';
import { ListNotificationPoliciesHandler } from './queries/list-notification-policies/list-notification-policies.handler';
import { ListWebhookDeliveriesHandler } from './queries/list-webhook-deliveries/list-webhook-deliveries.handler';
import { ListWebhooksHandler } from './queries/list-webhooks/list-webhooks.handler';
import { DeliverySweeper } from './reliability/delivery-sweeper';
import { RedisPersistenceCheck } from './reliability/redis-persistence-check';
import { WebhookDeliverer } from './webhooks/webhook-deliverer';
import { WebhookHttpClient } from './webhooks/webhook-http-client';
import { WebhookRepository } from './webhooks/webhook.repository';

/** The API side: webhooks and notification policies (admin), redeliveries and test events. */
@Module({})
export class NotificationModule {
  static forRoot(): DynamicModule {
    return {
      module: NotificationModule,
      imports: [CqrsModule],
      providers: [
        WebhookRepository,
        NotificationPolicyRepository,
        CreateWebhookHandler,
        UpdateWebhookHandler,
        DeleteWebhookHandler,
        RedeliverWebhookDeliveryHandler,
        SendTestWebhookHandler,
        ListWebhooksHandler,
        GetWebhookHandler,
        ListWebhookDeliveriesHandler,
        CreateNotificationPolicyHandler,
        UpdateNotificationPolicyHandler,
        DeleteNotificationPolicyHandler,
        ListNotificationPoliciesHandler,
        GetNotificationPolicyHandler,
      ],
    };
  }
}

/**
 * The worker side: the outbox relay, the notifications queue's processor and what it delegates to
 * (webhook deliveries, alert emails with budgets, digests and reminders), and the recovery sweep.
 */
@Module({})
export class NotificationWorkerModule {
  static forRoot(): DynamicModule {
    return {
      module: NotificationWorkerModule,
      providers: [
        NotificationMetrics,
        SmtpMailer,
        WebhookHttpClient,
        WebhookDeliverer,
        EmailJobs,
        KioskFactsForEmail,
        NotificationBudget,
        AlertEmails,
        DigestSender,
        AlertReminders,
        EventRouter,
        OutboxRelay,
        DeliverySweeper,
        RedisPersistenceCheck,
        NotificationsProcessor,
      ],
      exports: [OutboxRelay, DeliverySweeper],
    };
  }
}

export const NOTIFICATION_MODULE: DomainModuleDescriptor = {
  name: 'notification',
  forRoot: () => NotificationModule.forRoot(),
  forWorker: () => NotificationWorkerModule.forRoot(),
};
