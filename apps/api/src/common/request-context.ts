import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthenticatedUser } from '@app/contracts';
import type { AuditContext } from '@app/auth';

/** Who is calling and from where, for the audit log: built from the request, passed into commands. */
export const Actor = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuditContext & { userAgent: string | null } => {
    const req = ctx.switchToHttp().getRequest<Request & { id?: string; user?: AuthenticatedUser }>();
    return {
      actorId: req.user?.id ?? null,
      actorUsername: req.user?.username ?? null,
      ip: req.ip ?? null,
      requestId: req.id ? String(req.id) : null,
      userAgent: req.headers['user-agent'] ?? null,
    };
  },
);
