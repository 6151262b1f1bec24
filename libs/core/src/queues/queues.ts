import type { JobOptions } from 'bull';

/**
 * Every Bull queue of the system. These strings are Redis key names: do not rename one without a
 * migration that drains the old queue first, or its waiting jobs are orphaned.
 */
export enum QueueName {
  Notifications = 'notifications',
  AiRetraining = 'ai-retraining',
  Commands = 'commands',
}

export enum CommandsJob {
  /** Turns one `POST /commands/bulk` into one command per kiosk. */
  FanOutBulkCommand = 'fan-out-bulk-command',
}

export interface FanOutBulkCommandJob {
  batchId: string;
}

export enum NotificationsJob {
  /** One email (alert notification, payment receipt, digest), sent over SMTP by the worker. */
  SendEmail = 'send-email',
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
  [QueueName.Notifications]: { [NotificationsJob.SendEmail]: SendEmailJob };
  [QueueName.AiRetraining]: Record<never, never>;
  [QueueName.Commands]: { [CommandsJob.FanOutBulkCommand]: FanOutBulkCommandJob };
}

export type JobName<Q extends QueueName> = Extract<keyof QueueJobs[Q], string>;

/** The job names each queue must have a processor for, kept beside the type so they cannot drift. */
export const QUEUE_JOB_NAMES: { [Q in QueueName]: readonly JobName<Q>[] } = {
  [QueueName.Notifications]: [],
  [QueueName.AiRetraining]: [],
  [QueueName.Commands]: [CommandsJob.FanOutBulkCommand],
};

/** Retries with exponential backoff; bounded history so Redis memory does not grow forever. */
export const DEFAULT_JOB_OPTIONS: JobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
};

export const QUEUE_DEFAULTS: { [Q in QueueName]: JobOptions } = {
  [QueueName.Notifications]: DEFAULT_JOB_OPTIONS,
  // Retraining is expensive and idempotent per request: retry less, keep results longer for GET /ai/jobs/{id}.
  [QueueName.AiRetraining]: {
    ...DEFAULT_JOB_OPTIONS,
    attempts: 2,
    backoff: { type: 'exponential', delay: 60_000 },
    removeOnComplete: { age: 30 * 24 * 3600, count: 1_000 },
  },
  // A fan-out is idempotent (one command per batch and kiosk), so retrying quickly is safe.
  [QueueName.Commands]: { ...DEFAULT_JOB_OPTIONS, backoff: { type: 'exponential', delay: 1_000 } },
};
