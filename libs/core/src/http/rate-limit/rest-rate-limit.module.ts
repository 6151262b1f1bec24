import { Module } from '@nestjs/common';
import { RestRateLimiter } from './rest-rate-limiter';
import { RestRateLimitMetrics } from './rest-rate-limit-metrics';

/**
 * The per-principal REST limiter. The auth module registers RestRateLimitGuard as a global guard
 * between authentication and the role check (the only place it can know the principal first).
 */
@Module({
  providers: [RestRateLimitMetrics, RestRateLimiter],
  exports: [RestRateLimiter],
})
export class RestRateLimitModule {}
