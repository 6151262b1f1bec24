import { Injectable } from '@nestjs/common';
import { AppConfig, InjectAppConfig } from '@app/core';
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
  private readonly perUser = new Map<string, number>();
  private total = 0;
  private readonly maxPerUser: number;
  private readonly maxTotal: number;

  constructor(@InjectAppConfig() config: AppConfig) {
    this.maxPerUser = config.ai.datasets.maxConcurrentPerUser;
    this.maxTotal = config.ai.datasets.maxConcurrent;
  }

  /** Uploads admitted and not finished on this instance. */
  get inProgress(): number {
    return this.total;
  }

  /** Takes a slot for `userId` or throws (429 for this user, 503 for the instance); release it once. */
  acquire(userId: string): () => void {
    const mine = this.perUser.get(userId) ?? 0;
    if (mine >= this.maxPerUser) {
      throw new DatasetRefusal(
        'user_busy',
        `At most ${this.maxPerUser} dataset uploads per user at a time; retry when one has finished`,
      );
    }
    if (this.total >= this.maxTotal) {
      throw new DatasetRefusal('instance_busy', 'Too many dataset uploads are being parsed; retry shortly');
    }
    this.perUser.set(userId, mine + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.perUser.get(userId) ?? 1) - 1;
      if (left > 0) this.perUser.set(userId, left);
      else this.perUser.delete(userId);
    };
  }
}
