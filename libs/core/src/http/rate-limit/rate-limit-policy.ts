import type { AppConfig } from '../../config/app.config';
import { Role } from '@app/contracts';

/**
 * One role's budget as the limiter applies it (GCRA, i.e. a token bucket): `quota` calls at once
 * at most, one more every `intervalUs`. Whole microseconds, so the Lua script's arithmetic is exact.
 */
export interface RateLimitPolicy {
  /** `RateLimit-Limit`: calls a full budget holds (the burst). */
  quota: number;
  /** One call's worth of refill, in microseconds. */
  intervalUs: number;
  /** Seconds a full budget takes to refill from empty (the `w` of `RateLimit-Policy`). */
  windowSec: number;
}

/** null: the role is not limited (its per-minute setting is 0). */
export function rateLimitPolicyOf(perMin: number, windowSec: number): RateLimitPolicy | null {
  if (perMin <= 0) return null;
  const intervalUs = Math.max(1, Math.round(60_000_000 / perMin));
  // At least one call, or a budget smaller than a call would refuse everything.
  const quota = Math.max(1, Math.round((perMin * windowSec) / 60));
  return { quota, intervalUs, windowSec: Math.max(1, Math.round((quota * intervalUs) / 1_000_000)) };
}

export function rateLimitPolicies(config: AppConfig['restRateLimit']): Record<Role, RateLimitPolicy | null> {
  return {
    [Role.Admin]: rateLimitPolicyOf(config.perMin.admin, config.windowSec),
    [Role.Operator]: rateLimitPolicyOf(config.perMin.operator, config.windowSec),
    [Role.Viewer]: rateLimitPolicyOf(config.perMin.viewer, config.windowSec),
  };
}
