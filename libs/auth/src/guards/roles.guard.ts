import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY, ROLES_KEY, SESSION_ONLY_KEY } from '@app/core';
import { AuthenticatedUser, Role } from '@app/contracts';

/**
 * Global: a route with @Roles() admits only those roles (403 for a valid token with too small a
 * role). A route with @SessionOnly() is about a person's own session or assignments: an API key,
 * valid as it may be, gets 403 there.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const user = ctx.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (user?.apiKeyId && this.reflector.getAllAndOverride<boolean>(SESSION_ONLY_KEY, targets)) {
      throw new ForbiddenException('This action needs a user’s Bearer token; API keys are not accepted');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles?.length) return true;
    if (user && roles.includes(user.role)) return true;
    throw new ForbiddenException(`This action needs role ${roles.join(' or ')}`);
  }
}
