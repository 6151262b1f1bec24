import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { Role } from '../../auth/role';
import { APP_CONFIG_TOKEN, AppConfig } from '../../config/app.config';
import { GCRA_TAKE_LUA, GcraReply } from './gcra';
import type { RateLimitPrincipal } from './rate-limit-principal';
import { rateLimitPolicies, RateLimitPolicy } from './rate-limit-policy';
import { RestRateLimitMetrics } from './rest-rate-limit-metrics';

/** One GCRA budget (gcra.ts) per principal. */
const key = (principal: RateLimitPrincipal) => `rest-rate:${principal.key}`;

/** How often, at most, an unreachable limiter Redis is logged (each call is counted regardless). */
const FAIL_OPEN_LOG_INTERVAL_MS = 60_000;
/** How long start-up waits for the limiter's connection before serving calls unchecked. */
const CONNECT_WAIT_MS = 2_000;

interface LimiterRedis extends Redis {
  takeRestCall(key: string, intervalUs: number, quota: number): Promise<GcraReply>;
}

export type RateLimitVerdict =
  /** The role is not limited (its setting is 0): no headers. */
  | { kind: 'unlimited' }
  /** Redis did not answer: the call goes through without headers (fail open). */
  | { kind: 'unchecked' }
  | {
      kind: 'checked';
      allowed: boolean;
      policy: RateLimitPolicy;
      remaining: number;
      /** Whole seconds until the budget is full again (at least 1 while anything is spent). */
      resetSec: number;
      /** Whole seconds until one more call would pass (refused calls only). */
      retryAfterSec: number;
    };

/**
 * Per-principal REST budgets in Redis, shared by every API instance. Its own connection, which
 * never queues a command while disconnected and gives up after RATE_LIMIT_REDIS_TIMEOUT_MS: when
 * Redis is away, calls go through unchecked (counted and logged at most once a minute) rather than
 * waiting on it or failing — REST availability matters more than exact limits, and login, the
 * route worth attacking without credentials, keeps its own limiter.
 */
@Injectable()
export class RestRateLimiter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RestRateLimiter');
  private readonly policies: Record<Role, RateLimitPolicy | null>;
  private readonly redis: LimiterRedis | null;
  private failedSinceLog = 0;
  private lastFailureLogAt = 0;

  constructor(
    @Inject(APP_CONFIG_TOKEN) config: AppConfig,
    private readonly metrics: RestRateLimitMetrics,
  ) {
    this.policies = rateLimitPolicies(config.restRateLimit);
    const anyLimited = Object.values(this.policies).some((p) => p !== null);
    this.redis = anyLimited ? this.connect(config) : null;
  }

  private connect(config: AppConfig): LimiterRedis {
    const redis = new Redis(config.restRateLimit.redisUrl, {
      keyPrefix: config.redis.keyPrefix,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: config.restRateLimit.timeoutMs,
      connectTimeout: Math.max(1000, config.restRateLimit.timeoutMs),
      lazyConnect: true,
    });
    redis.defineCommand('takeRestCall', { numberOfKeys: 1, lua: GCRA_TAKE_LUA });
    // Without a listener ioredis prints every reconnect failure; these are logged once a minute.
    redis.on('error', (err: Error) => this.noteFailure(err, false));
    return redis as LimiterRedis;
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, CONNECT_WAIT_MS)));
    await Promise.race([this.redis.connect().catch((err: Error) => this.noteFailure(err, false)), waited]);
    clearTimeout(timer);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }

  /** Spends one call of the principal's budget, or says when it may call again. */
  async take(principal: RateLimitPrincipal): Promise<RateLimitVerdict> {
    const policy = this.policies[principal.role];
    if (!policy || !this.redis) return { kind: 'unlimited' };
    const end = this.metrics.checkSeconds.startTimer();
    try {
      const [allowed, remaining, retryAfterUs, resetUs] = await this.redis.takeRestCall(
        key(principal),
        policy.intervalUs,
        policy.quota,
      );
      if (!allowed) this.metrics.limited.inc({ role: principal.role });
      return {
        kind: 'checked',
        allowed: allowed === 1,
        policy,
        remaining: Math.max(0, remaining),
        resetSec: Math.ceil(Math.max(0, resetUs) / 1_000_000),
        retryAfterSec: Math.max(1, Math.ceil(retryAfterUs / 1_000_000)),
      };
    } catch (err) {
      this.noteFailure(err as Error, true);
      return { kind: 'unchecked' };
    } finally {
      end();
    }
  }

  /** Counts a call let through unchecked; logs at most once per interval, with how many since. */
  private noteFailure(err: Error, failedCall: boolean): void {
    if (failedCall) {
      this.metrics.failedOpen.inc();
      this.failedSinceLog++;
    }
    const now = Date.now();
    if (now - this.lastFailureLogAt < FAIL_OPEN_LOG_INTERVAL_MS) return;
    this.lastFailureLogAt = now;
    this.logger.warn(
      { err: err.message, callsLetThroughSinceLastLog: this.failedSinceLog },
      'REST rate limiter cannot use Redis: authenticated calls go through unlimited until it is back',
    );
    this.failedSinceLog = 0;
  }
}
