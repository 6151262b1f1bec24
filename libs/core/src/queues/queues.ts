import type { JobOptions } from 'bull';
import { QueueName } from '@app/contracts';
import type { DomainModuleName } from '../config/env.schema';

// The queues, their job names and payloads are contracts (libs/contracts/src/queues); what is
// here is how this deployment runs them.

/**
 * The domain module whose worker part processes each queue. With that module switched off
 * (ENABLED_MODULES) nothing consumes the queue, and the wiring check leaves it out.
 */
export const QUEUE_OWNERS: { [Q in QueueName]: DomainModuleName } = {
  [QueueName.Notifications]: 'notification',
  [QueueName.AiRetraining]: 'ai',
  [QueueName.Commands]: 'command',
  [QueueName.KioskConfigs]: 'kiosk',
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
  // Issuing configure skips kiosks already sent their version, so retrying quickly is safe too.
  [QueueName.KioskConfigs]: { ...DEFAULT_JOB_OPTIONS, backoff: { type: 'exponential', delay: 1_000 } },
};
