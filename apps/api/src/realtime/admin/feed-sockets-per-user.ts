import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig, InjectAppConfig, InjectRedis, PeriodicTask } from '@app/core';
import type { AdminFeedNamespace } from './admin-feed-socket';

/** A socket's entry lapses this long after its instance last renewed it (an instance that died). */
const LEASE_MS = 30_000;
const RENEW_MS = 10_000;
const key = (userId: string) => `admin-feed:sockets:${userId}`;

/**
 * Atomically: forget lapsed entries, refuse when the user holds `cap` sockets, else add this one.
 * KEYS[1] the user's set; ARGV: now, lease end, socket id, cap, key TTL (ms).
 */
const RESERVE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

/**
 * At most ADMIN_FEED_MAX_SOCKETS_PER_USER `/admin` sockets per user, across every instance: one
 * Redis sorted set per user (member: socket id, score: when its lease ends). A handshake takes a
 * place before it joins any room, a disconnect gives it back, and each instance renews the leases
 * of its open sockets, so the places of an instance that died come free within LEASE_MS.
 *
 * When Redis cannot answer, the cap is held on this instance only (its own sockets of that user)
 * rather than refusing every admin: the feed is read-only, and the bound still holds per process.
 */
@Injectable()
export class FeedSocketsPerUser implements OnApplicationShutdown {
  private readonly logger = new Logger(FeedSocketsPerUser.name);
  private readonly renewals: PeriodicTask;
  private nsp: AdminFeedNamespace | undefined;

  constructor(
    @InjectRedis() private readonly redis: Redis,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {
    this.renewals = new PeriodicTask({
      intervalMs: RENEW_MS,
      run: () => (this.nsp ? this.renew(this.nsp) : Promise.resolve()),
      logger: this.logger,
      failure: 'admin feed leases not renewed',
    });
  }

  get cap(): number {
    return this.config.adminFeed.maxSocketsPerUser;
  }

  /** Renews the leases of this instance's open feed sockets until shutdown. */
  watch(nsp: AdminFeedNamespace): void {
    this.nsp = nsp;
    this.renewals.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.renewals.stop();
  }

  /**
   * Takes a place for the socket; false when the user already holds the cap. `localSockets` is
   * what the user holds on this instance: over the cap already, no need to ask Redis.
   */
  async reserve(userId: string, socketId: string, localSockets: number): Promise<boolean> {
    if (localSockets >= this.cap) return false;
    const now = Date.now();
    try {
      const taken = await this.redis.eval(
        RESERVE,
        1,
        key(userId),
        now,
        now + LEASE_MS,
        socketId,
        this.cap,
        LEASE_MS,
      );
      return taken === 1;
    } catch (e) {
      this.logger.warn(
        `admin feed socket cap of user ${userId} held on this instance only: ${e instanceof Error ? e.message : String(e)}`,
      );
      return true;
    }
  }

  release(userId: string, socketId: string): void {
    this.redis.zrem(key(userId), socketId).catch((e: unknown) => {
      // The entry lapses with its lease.
      this.logger.debug(`admin feed socket ${socketId} not released: ${String(e)}`);
    });
  }

  private async renew(nsp: AdminFeedNamespace): Promise<void> {
    if (nsp.sockets.size === 0) return;
    const until = Date.now() + LEASE_MS;
    const tx = this.redis.pipeline();
    for (const socket of nsp.sockets.values()) {
      const userId = socket.data.user?.id;
      if (!userId) continue;
      tx.zadd(key(userId), until, socket.id).pexpire(key(userId), LEASE_MS);
    }
    await tx.exec();
  }
}
