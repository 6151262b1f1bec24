import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { INSTANCE_ID, InjectRedis } from '@app/core';

/** Sorted set: member = a process watching, score = when its announcement lapses (ms). */
const KEY = 'admin-feed:audience';
const REFRESH_MS = 1_000;
const LAPSE_MS = 15_000;

/**
 * Whether anyone, on any instance, has the admin feed open. `kiosk_telemetry` is the one feed
 * event at fleet rate (up to one per kiosk per second); building and publishing it through the
 * Redis adapter cost a quarter of the API's CPU at 2,000 readings/s, for nobody most of the time.
 *
 * Each process with feed sockets announces itself in Redis and re-reads the set every second, so
 * another instance's first watcher is seen within about a second: telemetry is a live view, and
 * the next reading goes out then. Low-volume events (status, commands, alerts) are always sent.
 */
@Injectable()
export class AdminFeedAudience implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AdminFeedAudience.name);
  /** Per provider, not per process: two apps in one process (tests) must not share an entry. */
  private readonly member = `${INSTANCE_ID}:${randomBytes(4).toString('hex')}`;
  private local = 0;
  private elsewhere = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(@InjectRedis() private readonly redis: Redis) {}

  get anyone(): boolean {
    return this.local > 0 || this.elsewhere;
  }

  onModuleInit(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.local > 0) await this.redis.zrem(KEY, this.member).catch(() => undefined);
  }

  watcherConnected(): void {
    if (this.local++ === 0) void this.refresh();
  }

  watcherDisconnected(): void {
    this.local = Math.max(0, this.local - 1);
    if (this.local === 0) void this.redis.zrem(KEY, this.member).catch(() => undefined);
  }

  private async refresh(): Promise<void> {
    const now = Date.now();
    const tx = this.redis.multi();
    if (this.local > 0) tx.zadd(KEY, now + LAPSE_MS, this.member);
    // Entries of processes that died without saying goodbye lapse.
    tx.zremrangebyscore(KEY, '-inf', now);
    tx.zcard(KEY);
    try {
      const results = await tx.exec();
      const card = results?.[results.length - 1]?.[1];
      this.elsewhere = typeof card === 'number' ? card > 0 : true;
    } catch (e) {
      // Unsure: publish rather than hide the fleet from someone who may be watching.
      this.elsewhere = true;
      this.logger.debug(`admin feed audience refresh failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
