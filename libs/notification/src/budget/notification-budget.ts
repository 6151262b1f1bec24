import { Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig, InjectAppConfig, InjectRedis } from '@app/core';
import type { DigestItem } from '../email/alert-email-template';

export type Channel = 'email';

export interface FoldedItem extends DigestItem {
  recipients: string[];
}

export interface BudgetWindow {
  budgetKey: string;
  windowStart: number;
  windowEnd: number;
}

/**
 * At most M notifications per kiosk, channel and window (fixed windows, counted in Redis so every
 * worker shares the count). What comes over budget is kept in the window's digest list and sent
 * as one email when the window ends.
 */
@Injectable()
export class NotificationBudget {
  constructor(
    @InjectRedis() private readonly redis: Redis,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  windowOf(kioskId: number | null, at = Date.now()): BudgetWindow {
    const ms = this.config.notifications.budgetWindowSec * 1000;
    const windowStart = Math.floor(at / ms) * ms;
    return {
      budgetKey: kioskId === null ? 'fleet' : String(kioskId),
      windowStart,
      windowEnd: windowStart + ms,
    };
  }

  windowEndOf(windowStart: number): number {
    return windowStart + this.config.notifications.budgetWindowSec * 1000;
  }

  /** Counts one notification; true while it is within budget. */
  async take(channel: Channel, w: BudgetWindow): Promise<{ withinBudget: boolean; count: number }> {
    const key = `notif:budget:${channel}:${w.budgetKey}:${w.windowStart}`;
    const ttlSec = Math.ceil((w.windowEnd - Date.now()) / 1000) + 3600;
    const [[, count]] = (await this.redis.multi().incr(key).expire(key, ttlSec).exec()) as [
      [Error | null, number],
    ];
    return { withinBudget: count <= this.config.notifications.budgetPerWindow, count };
  }

  /** Adds an over-budget notification to the window's digest; true for the first one (schedule the digest). */
  async fold(channel: Channel, w: BudgetWindow, item: FoldedItem): Promise<boolean> {
    const key = this.digestKey(channel, w.budgetKey, w.windowStart);
    const ttlSec = Math.ceil((w.windowEnd - Date.now()) / 1000) + 7 * 86400;
    const [[, length]] = (await this.redis
      .multi()
      .rpush(key, JSON.stringify(item))
      .expire(key, ttlSec)
      .exec()) as [[Error | null, number]];
    return length === 1;
  }

  async folded(channel: Channel, budgetKey: string, windowStart: number): Promise<FoldedItem[]> {
    const raw = await this.redis.lrange(this.digestKey(channel, budgetKey, windowStart), 0, -1);
    return raw.map((r) => JSON.parse(r) as FoldedItem);
  }

  async clearFolded(channel: Channel, budgetKey: string, windowStart: number): Promise<void> {
    await this.redis.del(this.digestKey(channel, budgetKey, windowStart));
  }

  private digestKey(channel: Channel, budgetKey: string, windowStart: number): string {
    return `notif:digest:${channel}:${budgetKey}:${windowStart}`;
  }
}
