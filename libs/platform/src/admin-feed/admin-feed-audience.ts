import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { INSTANCE_ID, InjectRedis, PeriodicTask, RedisChannel } from '@app/core';

/** Sorted set: member = a process watching, score = when its announcement lapses (ms). */
const KEY = 'admin-feed:audience';
/** "A watcher is arriving": every process starts publishing feed events at once. */
const ARRIVAL_CHANNEL = 'admin-feed:arrival';
const REFRESH_MS = 1_000;
const LAPSE_MS = 15_000;

/**
 * Whether anyone, on any instance, has the admin feed open. Every feed event goes through the
 * Socket.IO Redis adapter (one Redis publish each, whatever the number of recipients): for nobody,
 * `kiosk_telemetry` alone cost a quarter of the API's CPU at 2,000 readings/s, and the three
 * `command_updated` of every command about a tenth at 200 commands/s.
 *
 * Each process with feed sockets keeps an entry in a Redis sorted set, and every process re-reads
 * the set each second. A new watcher is announced before its handshake completes (entry plus a
 * publish that every process hears), so it misses no event from its first moment.
 */
@Injectable()
export class AdminFeedAudience implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AdminFeedAudience.name);
  /** Per provider, not per process: two apps in one process (tests) must not share an entry. */
  private readonly member = `${INSTANCE_ID}:${randomBytes(4).toString('hex')}`;
  private local = 0;
  private elsewhere = false;
  /** After an arrival, until the next refresh surely includes it (a refresh in flight may not). */
  private arrivedUntil = 0;
  private readonly refreshes: PeriodicTask;
  private readonly arrivals: RedisChannel;

  constructor(@InjectRedis() private readonly redis: Redis) {
    this.arrivals = new RedisChannel(redis, ARRIVAL_CHANNEL);
    // refresh() reports its own failures (it then assumes someone watches), so `failure` never shows.
    this.refreshes = new PeriodicTask({
      intervalMs: REFRESH_MS,
      run: () => this.refresh(),
      logger: this.logger,
      failure: 'admin feed audience refresh failed',
    });
  }

  get anyone(): boolean {
    return this.local > 0 || this.elsewhere || Date.now() < this.arrivedUntil;
  }

  async onModuleInit(): Promise<void> {
    await this.arrivals.subscribe(() => this.arrived());
    this.refreshes.trigger();
    this.refreshes.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.refreshes.stop();
    await this.arrivals.close();
    if (this.local > 0) await this.redis.zrem(KEY, this.member).catch(() => undefined);
  }

  /**
   * A watcher passed the handshake on this process: tell every process before it counts as
   * connected. If it never connects, the entry lapses.
   */
  async watcherArriving(): Promise<void> {
    this.arrived();
    await this.redis
      .multi()
      .zadd(KEY, Date.now() + LAPSE_MS, this.member)
      .publish(this.arrivals.name, '1')
      .exec()
      .catch((e: unknown) => this.logger.warn(`admin feed arrival not announced: ${String(e)}`));
  }

  watcherConnected(): void {
    if (this.local++ === 0) this.refreshes.trigger();
  }

  watcherDisconnected(): void {
    this.local = Math.max(0, this.local - 1);
    if (this.local === 0) void this.redis.zrem(KEY, this.member).catch(() => undefined);
  }

  private arrived(): void {
    this.arrivedUntil = Date.now() + 3 * REFRESH_MS;
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
