/**
 * Every Bull queue of the system. These strings are Redis key names: do not rename one without a
 * migration that drains the old queue first, or its waiting jobs are orphaned.
 */
export enum QueueName {
  Notifications = 'notifications',
  AiRetraining = 'ai-retraining',
  Commands = 'commands',
  KioskConfigs = 'kiosk-configs',
}

export enum CommandsJob {
  /** Turns one `POST /commands/bulk` into one command per kiosk. */
  FanOutBulkCommand = 'fan-out-bulk-command',
}

export interface FanOutBulkCommandJob {
  batchId: string;
}

export enum KioskConfigsJob {
  /** Sends `configure` to the kiosks one settings change gave a new desired version. */
  IssueConfigure = 'issue-configure',
}

/**
 * The desired versions one change wrote (a closed range: changes are serialised and versions come
 * from one sequence). Kiosks of the range already sent their version are skipped, so a retried or
 * repeated job sends nothing twice.
 */
export interface IssueConfigureJob {
  fromVersion: number;
  toVersion: number;
  /** The admin whose change it is (`created_by` of the commands); null when the system re-issues. */
  issuedBy: string | null;
}

export enum AiRetrainingJob {
  /** Trains a candidate anomaly model and promotes it if it is not worse than the active one. */
  Retrain = 'retrain',
}

export type RetrainingDataSource = 'synthetic' | 'real' | 'mixed';

export interface RetrainModelJob {
  dataSource: RetrainingDataSource;
  /** What asked for it: a person (`POST /ai/models/retrain`), the nightly schedule, new labels, drift. */
  trigger: 'manual' | 'nightly' | 'labels' | 'drift';
  requestedBy: string | null;
}

export enum NotificationsJob {
  /** One email (alert notification, payment receipt, digest), sent over SMTP by the worker. */
  SendEmail = 'send-email',
  /** One committed outbox event: fans out to webhook deliveries and email policies. */
  RouteEvent = 'route-event',
  /** One attempt of one webhook delivery (a row of webhook_deliveries). */
  DeliverWebhook = 'deliver-webhook',
  /** The notifications over a kiosk's budget in one window, folded into one email per recipient. */
  SendDigest = 'send-digest',
  /** Re-notifies a critical alert still unacknowledged. */
  RemindAlert = 'remind-alert',
}

export interface RouteEventJob {
  eventId: string;
  type: string;
  kioskId: number | null;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface DeliverWebhookJob {
  deliveryId: string;
}

export interface SendDigestJob {
  channel: 'email';
  /** `fleet` for events of no kiosk. */
  budgetKey: string;
  windowStart: number;
}

export interface RemindAlertJob {
  alertId: string;
  /** The event that started this run of reminders (a reopened alert starts another). */
  chain: string;
  /** Reminders sent so far in this run (0 before the first). */
  sent: number;
}

export interface SendEmailJob {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Stable per logical email, so a retried job is recognisable (used as the Message-ID). */
  messageId: string;
}

/**
 * Job name → payload, per queue. Each job name must have exactly one processor; the worker checks
 * this at start (see assertEveryJobHasOneProcessor). A queue's map grows with the issue that
 * introduces its first job; until then the queue exists (producers may be wired) but holds no job type.
 */
export interface QueueJobs {
  [QueueName.Notifications]: {
    [NotificationsJob.SendEmail]: SendEmailJob;
    [NotificationsJob.RouteEvent]: RouteEventJob;
    [NotificationsJob.DeliverWebhook]: DeliverWebhookJob;
    [NotificationsJob.SendDigest]: SendDigestJob;
    [NotificationsJob.RemindAlert]: RemindAlertJob;
  };
  [QueueName.AiRetraining]: { [AiRetrainingJob.Retrain]: RetrainModelJob };
  [QueueName.Commands]: { [CommandsJob.FanOutBulkCommand]: FanOutBulkCommandJob };
  [QueueName.KioskConfigs]: { [KioskConfigsJob.IssueConfigure]: IssueConfigureJob };
}

export type JobName<Q extends QueueName> = Extract<keyof QueueJobs[Q], string>;

/** The job names each queue must have a processor for, kept beside the type so they cannot drift. */
export const QUEUE_JOB_NAMES: { [Q in QueueName]: readonly JobName<Q>[] } = {
  [QueueName.Notifications]: [
    NotificationsJob.SendEmail,
    NotificationsJob.RouteEvent,
    NotificationsJob.DeliverWebhook,
    NotificationsJob.SendDigest,
    NotificationsJob.RemindAlert,
  ],
  [QueueName.AiRetraining]: [AiRetrainingJob.Retrain],
  [QueueName.Commands]: [CommandsJob.FanOutBulkCommand],
  [QueueName.KioskConfigs]: [KioskConfigsJob.IssueConfigure],
};
