import { ALL_ROLES, Role } from '@app/contracts';

/** Who a REST call counts against: one budget per user and one per API key. */
export interface RateLimitPrincipal {
  /** The Redis key suffix: `user:<id>` or `api-key:<id>` (a key never shares its creator's budget). */
  key: string;
  kind: 'user' | 'api-key';
  role: Role;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isRole(v: unknown): v is Role {
  return (ALL_ROLES as readonly unknown[]).includes(v);
}

/**
 * The single place that knows how `req.user` names its principal. A Bearer token's user carries its
 * user id; an API key's principal carries `apiKeyId` (its `id` is the key's id too, but the prefix
 * keeps the two kinds apart whatever ids they use). No user, or no recognisable role: the route is
 * public (login, refresh, health, metrics) and this limiter does not apply.
 */
export function rateLimitPrincipalOf(user: unknown): RateLimitPrincipal | null {
  if (!isRecord(user) || !isRole(user.role)) return null;
  if (typeof user.apiKeyId === 'string' && user.apiKeyId) {
    return { key: `api-key:${user.apiKeyId}`, kind: 'api-key', role: user.role };
  }
  if (typeof user.id === 'string' && user.id) {
    return { key: `user:${user.id}`, kind: 'user', role: user.role };
  }
  return null;
}
