import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { tooManyRequests } from '../../errors/domain-error';
import { rateLimitPrincipalOf } from './rate-limit-principal';
import { RestRateLimiter } from './rest-rate-limiter';

/** The response headers of a limited call (IETF draft "RateLimit header fields for HTTP"). */
export const RATE_LIMIT_HEADERS = [
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
];

/**
 * Global, right after authentication and before the role check, so every authenticated call counts,
 * a refused (403) one included. Public routes have no principal and pass untouched. The headers are
 * set before the handler runs, so error responses and streamed exports carry them too.
 */
@Injectable()
export class RestRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: RestRateLimiter) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const http = ctx.switchToHttp();
    const principal = rateLimitPrincipalOf(http.getRequest<Request & { user?: unknown }>().user);
    if (!principal) return true;
    const verdict = await this.limiter.take(principal);
    if (verdict.kind !== 'checked') return true;
    const { policy } = verdict;
    const res = http.getResponse<Response>();
    res.setHeader('RateLimit-Limit', String(policy.quota));
    res.setHeader('RateLimit-Remaining', String(verdict.remaining));
    res.setHeader('RateLimit-Reset', String(verdict.resetSec));
    res.setHeader('RateLimit-Policy', `${policy.quota};w=${policy.windowSec}`);
    if (verdict.allowed) return true;
    const who = principal.kind === 'api-key' ? 'This API key' : 'This user';
    throw tooManyRequests(
      `${who} made more than ${policy.quota} calls in ${policy.windowSec} s; retry in ${verdict.retryAfterSec} s`,
      verdict.retryAfterSec,
    );
  }
}
