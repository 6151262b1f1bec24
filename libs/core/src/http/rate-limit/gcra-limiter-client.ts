import type { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { GCRA_PEEK_THEN_TAKE_LUA, GCRA_TAKE_LUA, GcraPairReply, GcraReply } from './gcra';

/** How often, at most, an unreachable limiter Redis is logged (each call is counted regardless). */
const FAIL_OPEN_LOG_INTERVAL_MS = 60_000;
/** How long start-up waits for the limiter's connection before serving calls unchecked. */
const CONNECT_WAIT_MS = 2_000;

/** One GCRA budget: `quota` calls at once, one more every `intervalUs`. */
export interface GcraBudget {
  key: string;
  intervalUs: number;
  quota: number;
}

export interface GcraLimiterClientOptions {
  redisUrl: string;
  keyPrefix: string;
  /** Per command: past it the call goes through unchecked. */
  timeoutMs: number;
  logger: Logger;
  /** Logged (at most once a minute) while Redis cannot be used: what goes through unchecked. */
  failOpenMessage: string;
  /** Called once per call let through unchecked, e.g. to count it. */
  onFailedOpen: () => void;
}

interface LimiterRedis extends Redis {
  gcraTake(key: string, intervalUs: number, quota: number, mode?: 'peek'): Promise<GcraReply>;
  gcraPeekThenTake(
    first: string,
    second: string,
    firstIntervalUs: number,
    firstQuota: number,
    secondIntervalUs: number,
    secondQuota: number,
  ): Promise<GcraPairReply>;
}

/**
 * The Redis side of a GCRA limiter (gcra.ts), shared by the REST limiter and the kiosk handshake
 * limiter. Its own connection, which never queues a command while disconnected and gives up after
 * `timeoutMs`; when Redis is away every call answers `null` ("unchecked") at once, counted, and
 * logged at most once a minute — the callers fail open: availability matters more than an exact limit.
 */
export class GcraLimiterClient {
  private readonly redis: LimiterRedis;
  private failedSinceLog = 0;
  private lastFailureLogAt = 0;

  constructor(private readonly o: GcraLimiterClientOptions) {
    const redis = new Redis(o.redisUrl, {
      keyPrefix: o.keyPrefix,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: o.timeoutMs,
      connectTimeout: Math.max(1000, o.timeoutMs),
      lazyConnect: true,
    });
    redis.defineCommand('gcraTake', { numberOfKeys: 1, lua: GCRA_TAKE_LUA });
    redis.defineCommand('gcraPeekThenTake', { numberOfKeys: 2, lua: GCRA_PEEK_THEN_TAKE_LUA });
    // Without a listener ioredis prints every reconnect failure; these are logged once a minute.
    redis.on('error', (err: Error) => this.noteFailure(err, false));
    this.redis = redis as LimiterRedis;
  }

  /** Connects, waiting at most CONNECT_WAIT_MS: start-up never hangs on the limiter. */
  async connect(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, CONNECT_WAIT_MS)));
    await Promise.race([this.redis.connect().catch((err: Error) => this.noteFailure(err, false)), waited]);
    clearTimeout(timer);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Takes one call of the budget (or with `peek`, only asks); null when Redis cannot answer. */
  async take(b: GcraBudget, peek = false): Promise<GcraReply | null> {
    try {
      return await (peek
        ? this.redis.gcraTake(b.key, Math.ceil(b.intervalUs), b.quota, 'peek')
        : this.redis.gcraTake(b.key, Math.ceil(b.intervalUs), b.quota));
    } catch (err) {
      this.noteFailure(err as Error, true);
      return null;
    }
  }

  /** Peeks at `first` and, if it would pass, takes one call of `second`; one round trip. */
  async peekThenTake(first: GcraBudget, second: GcraBudget): Promise<GcraPairReply | null> {
    try {
      return await this.redis.gcraPeekThenTake(
        first.key,
        second.key,
        Math.ceil(first.intervalUs),
        first.quota,
        Math.ceil(second.intervalUs),
        second.quota,
      );
    } catch (err) {
      this.noteFailure(err as Error, true);
      return null;
    }
  }

  private noteFailure(err: Error, failedCall: boolean): void {
    if (failedCall) {
      this.o.onFailedOpen();
      this.failedSinceLog++;
    }
    const now = Date.now();
    if (now - this.lastFailureLogAt < FAIL_OPEN_LOG_INTERVAL_MS) return;
    this.lastFailureLogAt = now;
    this.o.logger.warn(
      { err: err.message, letThroughSinceLastLog: this.failedSinceLog },
      this.o.failOpenMessage,
    );
    this.failedSinceLog = 0;
  }
}
