import { Injectable } from '@nestjs/common';
import { AppConfig, ConcurrencySlots, InjectAppConfig } from '@app/core';
import { DatasetRefusal } from './dataset-refusal';

/** How long a refused uploader is told to wait (`Retry-After`, seconds). */
export const DATASET_RETRY_AFTER_SEC = 5;

/**
 * Admission of dataset uploads on this instance: at most `maxConcurrentPerUser` at once per user
 * (one operator cannot take every parse worker) and `maxConcurrent` in all (one worker thread each).
 * Per instance on purpose: what it protects is this instance's CPU and memory.
 */
@Injectable()
export class DatasetUploadSlots {
  private readonly slots: ConcurrencySlots;

  constructor(@InjectAppConfig() config: AppConfig) {
    this.slots = new ConcurrencySlots(
      config.ai.datasets.maxConcurrentPerUser,
      config.ai.datasets.maxConcurrent,
    );
  }

  /** Uploads admitted and not finished on this instance. */
  get inProgress(): number {
    return this.slots.total;
  }

  /** Takes a slot for `userId` or throws (429 for this user, 503 for the instance); release it once. */
  acquire(userId: string): () => void {
    const slot = this.slots.tryAcquire(userId);
    if (slot === 'per_key') {
      throw new DatasetRefusal(
        'user_busy',
        `At most ${this.slots.maxPerKey} dataset uploads per user at a time; retry when one has finished`,
      );
    }
    if (slot === 'total') {
      throw new DatasetRefusal('instance_busy', 'Too many dataset uploads are being parsed; retry shortly');
    }
    return () => void slot();
  }
}
