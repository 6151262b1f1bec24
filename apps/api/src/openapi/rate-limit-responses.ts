import type { HeaderObject, OpenAPIObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

/** The RateLimit-* headers every authenticated response may carry (CONTRACT §8, README "REST rate limits"). */
const RATE_LIMIT_HEADERS: Record<string, HeaderObject> = {
  'RateLimit-Limit': {
    description:
      "Calls the caller's budget holds: its role's calls per minute × the window / 60 (defaults: admin 600, " +
      'operator and viewer 300). Absent when the role is unlimited or the limiter cannot reach its store.',
    schema: { type: 'integer', minimum: 1, example: 600 },
  },
  'RateLimit-Remaining': {
    description: 'Calls left in the budget after this one; it refills continuously.',
    schema: { type: 'integer', minimum: 0, example: 599 },
  },
  'RateLimit-Reset': {
    description: 'Seconds until the budget is full again.',
    schema: { type: 'integer', minimum: 0, example: 1 },
  },
  'RateLimit-Policy': {
    description: '`<limit>;w=<seconds>`: the budget and the seconds it takes to refill from empty.',
    schema: { type: 'string', example: '600;w=60' },
  },
};

const RETRY_AFTER: HeaderObject = {
  description: 'Seconds until the request may be made again',
  schema: { type: 'integer', minimum: 1, example: 1 },
};

const ref = (name: string): ReferenceObject => ({ $ref: `#/components/headers/${name}` });
const rateLimitHeaderRefs = () =>
  Object.fromEntries(Object.keys(RATE_LIMIT_HEADERS).map((name) => [name, ref(name)]));

function tooManyRequests(): ResponseObject {
  return {
    description: "Too many requests: the caller's REST budget (or a route's own limit) is spent",
    headers: { 'Retry-After': ref('Retry-After'), ...rateLimitHeaderRefs() },
    content: {
      'application/json': {
        schema: { $ref: '#/components/schemas/ApiErrorDto' },
        example: {
          statusCode: 429,
          error: 'Too Many Requests',
          message: 'This user made more than 600 calls in 60 s; retry in 1 s',
          details: [],
        },
      },
    },
  };
}

/**
 * Every authenticated operation (not `x-public`) is limited per principal: its responses may carry
 * the RateLimit-* headers (not a 401, which has no principal) and it may answer 429 with
 * Retry-After. Done here once rather than on each controller, so no route can be forgotten.
 */
export function documentRateLimits(doc: OpenAPIObject): OpenAPIObject {
  doc.components ??= {};
  doc.components.headers = { ...doc.components.headers, ...RATE_LIMIT_HEADERS, 'Retry-After': RETRY_AFTER };
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op || (op as { 'x-public'?: unknown })['x-public'] === true) continue;
      const own = op.responses['429'] as ResponseObject | undefined;
      op.responses['429'] = own
        ? { ...own, headers: { ...own.headers, 'Retry-After': ref('Retry-After'), ...rateLimitHeaderRefs() } }
        : tooManyRequests();
      for (const [status, response] of Object.entries(op.responses)) {
        if (!response || status === '401' || status === '429' || '$ref' in response) continue;
        response.headers = { ...response.headers, ...rateLimitHeaderRefs() };
      }
    }
  }
  return doc;
}
