import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Role } from '@app/contracts';
import { APP_CONFIG_TOKEN, AppConfig } from '../../config/app.config';
import { GcraLimiterClient } from './gcra-limiter-client';
import type { RateLimitPrincipal } from './rate-limit-principal';
import { rateLimitPolicies, RateLimitPolicy } from './rate-limit-policy';
import { RestRateLimitMetrics } from './rest-rate-limit-metrics';

/** One GCRA budget (gcra.ts) per principal. */
const key = (principal: RateLimitPrincipal) => `rest-rate:${principal.key}`;

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
  private readonly policies: Record<Role, RateLimitPolicy | null>;
  private readonly client: GcraLimiterClient | null;

  constructor(
    @Inject(APP_CONFIG_TOKEN) config: AppConfig,
    private readonly metrics: RestRateLimitMetrics,
  ) {
    this.policies = rateLimitPolicies(config.restRateLimit);
    const anyLimited = Object.values(this.policies).some((p) => p !== null);
    this.client = anyLimited
      ? new GcraLimiterClient({
          redisUrl: config.restRateLimit.redisUrl,
          keyPrefix: config.redis.keyPrefix,
          timeoutMs: config.restRateLimit.timeoutMs,
          logger: new Logger('RestRateLimiter'),
          failOpenMessage:
            'REST rate limiter cannot use Redis: authenticated calls go through unlimited until it is back',
          onFailedOpen: () => metrics.failedOpen.inc(),
        })
      : null;
  }

  async onModuleInit(): Promise<void> {
    await this.client?.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.close();
  }

  /** Spends one call of the principal's budget, or says when it may call again. */
  async take(principal: RateLimitPrincipal): Promise<RateLimitVerdict> {
    const policy = this.policies[principal.role];
    if (!policy || !this.client) return { kind: 'unlimited' };
    const end = this.metrics.checkSeconds.startTimer();
    const reply = await this.client.take({
      key: key(principal),
      intervalUs: policy.intervalUs,
      quota: policy.quota,
    });
    end();
    if (!reply) return { kind: 'unchecked' };
    const [allowed, remaining, retryAfterUs, resetUs] = reply;
    if (!allowed) this.metrics.limited.inc({ role: principal.role });
    return {
      kind: 'checked',
      allowed: allowed === 1,
      policy,
      remaining: Math.max(0, remaining),
      resetSec: Math.ceil(Math.max(0, resetUs) / 1_000_000),
      retryAfterSec: Math.max(1, Math.ceil(retryAfterUs / 1_000_000)),
    };
  }
}
