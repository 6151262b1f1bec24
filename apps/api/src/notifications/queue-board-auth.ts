import type { NextFunction, Request, Response } from 'express';
import { Role } from '@app/contracts';
import type { SessionService, TokenService } from '@app/auth';

export const QUEUE_BOARD_ROUTE = '/admin/queues';
export const QUEUE_BOARD_COOKIE = 'queue_board_token';

function tokenOf(req: Request): string | undefined {
  const bearer = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (bearer) return bearer;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === QUEUE_BOARD_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function deny(res: Response, statusCode: 401 | 403, message: string): void {
  res.status(statusCode).json({
    statusCode,
    error: statusCode === 401 ? 'Unauthorized' : 'Forbidden',
    message,
    details: [],
  });
}

/**
 * Bull Board is an Express router outside Nest's guards, so it checks the admin itself: an access
 * token from the Authorization header (API clients) or from the short-lived cookie that
 * POST /admin/queue-board/session sets for browsers. The session must be live and the user an
 * enabled admin, exactly as the JWT guard demands.
 */
export function queueBoardAuth(tokens: TokenService, sessions: SessionService) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const token = tokenOf(req);
    if (!token) return deny(res, 401, 'Missing or invalid access token');
    void tokens
      .verifyAccessToken(token)
      .then((claims) => sessions.findLiveSessionUser(claims.sid, claims.sub))
      .then(
        (user) => {
          if (!user) return deny(res, 401, 'Session ended');
          if (user.role !== Role.Admin) return deny(res, 403, 'This action needs role admin');
          next();
        },
        () => deny(res, 401, 'Missing or invalid access token'),
      );
  };
}
