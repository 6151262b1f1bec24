import type { IncomingMessage } from 'node:http';
import type { MetricsService } from '../metrics/metrics';

/** How deep a REST JSON body may nest: the deepest DTO is 4 levels; 32 leaves room and no stack risk. */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LOWER_U = 0x75;

export const REQUEST_INPUT_REFUSALS = [
  'json_too_deep',
  'json_nul',
  'json_lone_surrogate',
  'url_nul',
] as const;
export type RequestInputRefusal = (typeof REQUEST_INPUT_REFUSALS)[number];

/** An error body-parser passes on with its own status (400), which the exception filter renders. */
class RefusedInputError extends Error {
  readonly status = 400;
  readonly statusCode = 400;
  readonly expose = true;
  constructor(
    message: string,
    readonly reason: RequestInputRefusal,
  ) {
    super(message);
  }
}

function hex4(buf: Buffer, at: number): number {
  if (at + 4 > buf.length) return -1;
  const n = Number.parseInt(buf.toString('latin1', at, at + 4), 16);
  return Number.isNaN(n) ? -1 : n;
}

/**
 * One linear pass over a JSON body before it is parsed, refusing what would otherwise reach code
 * that cannot take it: nesting deep enough to overflow class-transformer's and class-validator's
 * recursion (a 500 from a 50 KB body), and strings PostgreSQL cannot store (`\u0000`, a lone
 * surrogate) — refused here once rather than in every handler that writes text or jsonb.
 * Raw NUL bytes and invalid UTF-8 need no check: they are not valid JSON or decode to U+FFFD.
 */
export function assertSafeJsonBody(buf: Buffer, maxDepth = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === QUOTE) inString = false;
      else if (c === BACKSLASH) {
        if (buf[i + 1] !== LOWER_U) {
          i++;
          continue;
        }
        const unit = hex4(buf, i + 2);
        if (unit === 0) throw new RefusedInputError('JSON strings may not contain \\u0000', 'json_nul');
        if (unit >= 0xdc00 && unit <= 0xdfff)
          throw new RefusedInputError('JSON strings may not contain a lone surrogate', 'json_lone_surrogate');
        if (unit >= 0xd800 && unit <= 0xdbff) {
          const low = buf[i + 6] === BACKSLASH && buf[i + 7] === LOWER_U ? hex4(buf, i + 8) : -1;
          if (low < 0xdc00 || low > 0xdfff)
            throw new RefusedInputError(
              'JSON strings may not contain a lone surrogate',
              'json_lone_surrogate',
            );
          i += 6;
        }
        i += 5;
      }
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > maxDepth)
        throw new RefusedInputError(`JSON nests deeper than ${maxDepth} levels`, 'json_too_deep');
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
  }
}

/**
 * The two request guards configureApp installs: body-parser's `verify` hook for JSON bodies, and a
 * middleware refusing a NUL anywhere in the path or query (`%00`: no route takes one and PostgreSQL
 * can't store it). Each refusal is counted by reason.
 */
export function requestInputGuards(metrics: MetricsService) {
  // Read at refusal time: the OpenAPI writer configures an app whose providers were never built.
  const count = (reason: RequestInputRefusal) => metrics.httpRefused.inc({ reason });
  return {
    verifyJsonBody(_req: IncomingMessage, _res: unknown, buf: Buffer): void {
      try {
        assertSafeJsonBody(buf);
      } catch (e) {
        if (e instanceof RefusedInputError) count(e.reason);
        throw e;
      }
    },
    refuseNulInUrl(req: IncomingMessage, _res: unknown, next: (err?: Error) => void): void {
      const url = req.url ?? '';
      if (!url.includes('%00') && !url.includes('\u0000')) return next();
      count('url_nul');
      next(new RefusedInputError('The URL may not contain %00', 'url_nul'));
    },
  };
}
