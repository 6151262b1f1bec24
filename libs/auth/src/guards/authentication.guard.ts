import { BadRequestException, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { API_KEY_HEADER, IS_PUBLIC_KEY } from '@app/core';
import { ApiKeyMetrics } from '../metrics/api-key-metrics';

/** `Authorization: Bearer <access JWT>` (JwtStrategy). */
class BearerTokenGuard extends AuthGuard('jwt') {
  override handleRequest<TUser>(err: unknown, user: TUser | false): TUser {
    if (err || !user) throw new UnauthorizedException('Missing or invalid access token');
    return user;
  }
}

/** `X-API-Key: <key>` (ApiKeyStrategy); the strategy's own 401 (revoked, expired) is kept. */
class ApiKeyGuard extends AuthGuard('api-key') {
  override handleRequest<TUser>(err: unknown, user: TUser | false): TUser {
    if (err instanceof UnauthorizedException) throw err;
    if (err || !user) throw new UnauthorizedException('Missing or invalid API key');
    return user;
  }
}

/**
 * Global: every HTTP route needs a credential unless marked @Public(): a Bearer access token, or an
 * integrator's API key in `X-API-Key` (CONTRACT §8). The header present decides which is checked.
 * Both at once is refused (400) rather than one silently winning: a client that sends both has a
 * bug, and acting as either of two principals with different roles and kiosks would hide it.
 * Routes marked @SessionOnly() refuse keys in RolesGuard (403), after the key proved valid.
 */
@Injectable()
export class AuthenticationGuard {
  private readonly bearer = new BearerTokenGuard();
  private readonly apiKey = new ApiKeyGuard();

  constructor(
    private readonly reflector: Reflector,
    private readonly metrics: ApiKeyMetrics,
  ) {}

  canActivate(ctx: ExecutionContext) {
    if (ctx.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (isPublic) return true;
    const headers = ctx.switchToHttp().getRequest<Request>().headers;
    if (headers[API_KEY_HEADER] === undefined) return this.bearer.canActivate(ctx);
    if (headers.authorization !== undefined) {
      this.metrics.count('ambiguous');
      throw new BadRequestException({
        message: 'Send either Authorization or X-API-Key, not both',
        details: [{ field: 'X-API-Key', message: 'not allowed together with an Authorization header' }],
      });
    }
    return this.apiKey.canActivate(ctx);
  }
}
