import type { FetchLike } from '@kiosk-fleet/sdk';
import type { Role, User } from '../api/session';

/**
 * A small in-memory stand-in for the API's auth routes (login, rotating single-use refresh tokens,
 * logout, /auth/me) plus one protected list, so session behaviour can be exercised in jsdom end to
 * end through the real SDK client. Counters let tests assert how many refreshes ran.
 */
export function fakeApi(accounts: Record<string, { password: string; role: Role }>) {
  let serial = 0;
  const access = new Map<string, User>();
  const refresh = new Map<string, User>();
  const calls = { login: 0, refresh: 0, logout: 0, kiosks: 0 };

  const userOf = (username: string): User => ({
    id: `id-${username}`,
    username,
    role: accounts[username].role,
    disabled: false,
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
  });
  const issue = (user: User) => {
    serial++;
    const pair = { accessToken: `access-${serial}`, refreshToken: `refresh-${serial}`, expiresIn: 900, user };
    access.set(pair.accessToken, user);
    refresh.set(pair.refreshToken, user);
    return pair;
  };
  const json = (status: number, body?: unknown) =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  const error = (status: number, message: string) =>
    json(status, {
      statusCode: status,
      error: status === 401 ? 'Unauthorized' : 'Error',
      message,
      details: [],
    });
  const bearer = (req: Request) =>
    access.get((req.headers.get('authorization') ?? '').replace(/^Bearer /, ''));

  const fetch: FetchLike = async (req) => {
    const path = new URL(req.url).pathname;
    if (path === '/api/v1/auth/login') {
      calls.login++;
      const { username, password } = (await req.json()) as { username: string; password: string };
      if (accounts[username]?.password !== password) return error(401, 'Invalid credentials');
      return json(200, issue(userOf(username)));
    }
    if (path === '/api/v1/auth/refresh') {
      calls.refresh++;
      const { refreshToken } = (await req.json()) as { refreshToken: string };
      const user = refresh.get(refreshToken);
      if (!user) return error(401, 'Invalid refresh token');
      refresh.delete(refreshToken); // single use
      return json(200, issue(user));
    }
    if (path === '/api/v1/auth/logout') {
      calls.logout++;
      return json(204);
    }
    const user = bearer(req);
    if (!user) return error(401, 'Unauthorized');
    if (path === '/api/v1/auth/me') return json(200, user);
    if (path === '/api/v1/kiosks') {
      calls.kiosks++;
      return json(200, { items: [{ id: 7, name: 'Retiro hall B' }], nextCursor: null });
    }
    return error(404, 'Not found');
  };

  return {
    fetch,
    calls,
    /** Every access token stops working (they expired). */
    expireAccessTokens: () => access.clear(),
    /** Every refresh token stops working too (the session ended on the server). */
    endSessions: () => {
      access.clear();
      refresh.clear();
    },
  };
}

/** A refresh-token store in memory, standing in for sessionStorage. */
export function memoryStore(initial?: string) {
  let token = initial;
  return {
    read: () => token,
    write: (next: string | undefined) => {
      token = next;
    },
    get token() {
      return token;
    },
  };
}
