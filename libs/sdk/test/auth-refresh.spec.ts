import type { ServerResponse } from 'node:http';
import { createKioskFleetClient, KioskFleetApiError, SessionTokens } from '../src';
import { delay, SeenRequest, sendJson, startTinyServer, TinyServer } from './tiny-server';

/**
 * A stand-in for the API's auth rules, over real HTTP: access tokens the test can expire at once,
 * single-use refresh tokens whose reuse is refused (and counted, as the real server would revoke
 * the whole family), and one protected route that echoes the JSON body it received.
 */
class FakeAuthServer {
  validAccess = new Set<string>();
  refreshState = new Map<string, 'fresh' | 'used'>();
  reuses = 0;
  refreshDelayMs = 50;
  private n = 0;
  server!: TinyServer;

  async start(): Promise<this> {
    this.server = await startTinyServer((req, res) => this.handle(req, res));
    return this;
  }

  /** Every access token issued so far stops working (what 15 minutes do). */
  expireAccessTokens(): void {
    this.validAccess.clear();
  }

  count(path: string): number {
    return this.server.seen.filter((r) => r.path === path).length;
  }

  private issue(): { accessToken: string; refreshToken: string; expiresIn: number; user: object } {
    this.n++;
    const accessToken = `access-${this.n}`;
    const refreshToken = `refresh-${this.n}`;
    this.validAccess.add(accessToken);
    this.refreshState.set(refreshToken, 'fresh');
    return {
      accessToken,
      refreshToken,
      expiresIn: 900,
      user: { id: 'u1', username: 'ops', role: 'operator' },
    };
  }

  private unauthorized(res: ServerResponse, message = 'Invalid or expired token'): void {
    sendJson(res, 401, { statusCode: 401, error: 'Unauthorized', message, requestId: 'req-401' });
  }

  private async handle(req: SeenRequest, res: ServerResponse): Promise<void> {
    const body = req.body ? (JSON.parse(req.body) as Record<string, string>) : {};
    if (req.path === '/api/v1/auth/login') {
      if (body.username === 'ops' && body.password === 'pw') return sendJson(res, 200, this.issue());
      return this.unauthorized(res, 'Invalid credentials');
    }
    if (req.path === '/api/v1/auth/refresh') {
      await delay(this.refreshDelayMs);
      const state = this.refreshState.get(body.refreshToken);
      if (state !== 'fresh') {
        if (state === 'used') this.reuses++;
        return this.unauthorized(res, 'Refresh token reused or unknown');
      }
      this.refreshState.set(body.refreshToken, 'used');
      return sendJson(res, 200, this.issue());
    }
    if (req.path === '/api/v1/kiosks/8') await delay(200); // a slow read, checked once it is done
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!this.validAccess.has(token)) return this.unauthorized(res);
    if (req.path === '/api/v1/auth/logout') {
      this.refreshState.set(body.refreshToken, 'used');
      this.validAccess.delete(token);
      res.writeHead(204).end();
      return;
    }
    if (req.path === '/api/v1/kiosks/8') {
      return sendJson(res, 200, { id: 8, token });
    }
    if (req.path === '/api/v1/auth/me') {
      return sendJson(res, 200, { id: 'u1', username: 'ops', role: 'operator', token });
    }
    if (req.path === '/api/v1/kiosks/7/commands') {
      return sendJson(res, 202, { id: 'c1', status: 'pending', echo: body });
    }
    sendJson(res, 404, { statusCode: 404, error: 'Not Found', message: 'no route' });
  }
}

describe('SDK auth: login, refresh-token rotation (single-flight), logout', () => {
  let fake: FakeAuthServer;
  beforeEach(async () => {
    fake = await new FakeAuthServer().start();
  });
  afterEach(() => fake.server.close());

  it('logs in on first use with { username, password } and sends the bearer token', async () => {
    const seenTokens: Array<SessionTokens | null> = [];
    const client = createKioskFleetClient({
      baseUrl: fake.server.baseUrl,
      auth: { username: 'ops', password: 'pw' },
      onTokens: (t) => seenTokens.push(t),
    });
    const me = await client.GET('/api/v1/auth/me');
    expect(me.username).toBe('ops');
    expect(fake.count('/api/v1/auth/login')).toBe(1);
    expect(seenTokens).toEqual([{ accessToken: 'access-1', refreshToken: 'refresh-1' }]);
    expect(fake.server.seen.at(-1)?.headers.authorization).toBe('Bearer access-1');
  });

  it('logs in once for concurrent first requests', async () => {
    const client = createKioskFleetClient({
      baseUrl: fake.server.baseUrl,
      auth: { username: 'ops', password: 'pw' },
    });
    await Promise.all(Array.from({ length: 6 }, () => client.GET('/api/v1/auth/me')));
    expect(fake.count('/api/v1/auth/login')).toBe(1);
  });

  it('answers 12 concurrent 401s with one refresh, retries each once, and never reuses a rotated refresh token', async () => {
    const client = createKioskFleetClient({
      baseUrl: fake.server.baseUrl,
      auth: { username: 'ops', password: 'pw' },
    });
    await client.GET('/api/v1/auth/me');
    fake.expireAccessTokens();

    const results = await Promise.all(Array.from({ length: 12 }, () => client.GET('/api/v1/auth/me')));

    expect(fake.count('/api/v1/auth/refresh')).toBe(1);
    expect(fake.reuses).toBe(0);
    expect(fake.count('/api/v1/auth/login')).toBe(1);
    expect(results.map((r) => (r as { token?: string }).token)).toEqual(Array(12).fill('access-2'));
    expect(client.tokens).toEqual({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });

  it('retries with the new token, without a second refresh, when a 401 arrives after the refresh finished', async () => {
    const client = createKioskFleetClient({
      baseUrl: fake.server.baseUrl,
      auth: { username: 'ops', password: 'pw' },
    });
    await client.GET('/api/v1/auth/me');
    fake.expireAccessTokens();
    fake.refreshDelayMs = 10;
    // Sent with access-1 but answered (401) only after 200 ms, long after the fast request below
    // got its 401 and the refresh to access-2 completed.
    const slow = client.GET('/api/v1/kiosks/{id}', { params: { path: { id: 8 } } });
    await delay(20);
    await client.GET('/api/v1/auth/me');
    expect(fake.count('/api/v1/auth/refresh')).toBe(1);
    await expect(slow).resolves.toMatchObject({ id: 8, token: 'access-2' });
    expect(fake.count('/api/v1/auth/refresh')).toBe(1);
    expect(fake.reuses).toBe(0);
  });

  it('sends a POST body again, intact, after refreshing', async () => {
    const client = createKioskFleetClient({
      baseUrl: fake.server.baseUrl,
      auth: { username: 'ops', password: 'pw' },
    });
    await client.GET('/api/v1/auth/me');
    fake.expireAccessTokens();
    const res = await client.POST('/api/v1/kiosks/{id}/commands', {
      params: { path: { id: 7 } },
      body: { command: 'restart', params: { reason: 'frozen screen' } },
    });
    expect((res as { echo?: unknown }).echo).toEqual({
      command: 'restart',
      params: { reason: 'frozen screen' },
    });
    const posts = fake.server.seen.filter((r) => r.path === '/api/v1/kiosks/7/commands');
    expect(posts.map((p) => p.headers.authorization)).toEqual(['Bearer access-1', 'Bearer access-2']);
    expect(posts[0].body).toBe(posts[1].body);
  });

  it('logs in again when the refresh token is refused and credentials are configured', async () => {
    const client = createKioskFleetClient({
      baseUrl: fake.server.baseUrl,
      auth: { username: 'ops', password: 'pw' },
    });
    await client.GET('/api/v1/auth/me');
    fake.expireAccessTokens();
    fake.refreshState.set('refresh-1', 'used'); // revoked on the server (e.g. family revoked elsewhere)
    const me = await client.GET('/api/v1/auth/me');
    expect(me.username).toBe('ops');
    expect(fake.count('/api/v1/auth/login')).toBe(2);
  });

  it('ends the session with a KioskFleetApiError 401 when the refresh token is refused and there are no credentials', async () => {
    const seen: Array<SessionTokens | null> = [];
    const client = createKioskFleetClient({
      baseUrl: fake.server.baseUrl,
      auth: { accessToken: 'stale', refreshToken: 'unknown' },
      onTokens: (t) => seen.push(t),
    });
    const err = await client.GET('/api/v1/auth/me').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KioskFleetApiError);
    expect(err).toMatchObject({ statusCode: 401, error: 'Unauthorized', requestId: 'req-401' });
    expect(client.tokens).toBeUndefined();
    expect(seen).toEqual([null]);
    expect(fake.count('/api/v1/auth/refresh')).toBe(1);
  });

  it('does not retry a failed login', async () => {
    const client = createKioskFleetClient({ baseUrl: fake.server.baseUrl });
    const err = await client.login({ username: 'ops', password: 'wrong' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 401, message: 'Invalid credentials' });
    expect(fake.count('/api/v1/auth/login')).toBe(1);
    expect(fake.count('/api/v1/auth/refresh')).toBe(0);
  });

  it('logout revokes the session on the server with the bearer token and forgets the tokens', async () => {
    const client = createKioskFleetClient({
      baseUrl: fake.server.baseUrl,
      auth: { username: 'ops', password: 'pw' },
    });
    await client.login();
    await client.logout();
    const call = fake.server.seen.find((r) => r.path === '/api/v1/auth/logout');
    expect(call?.headers.authorization).toBe('Bearer access-1');
    expect(JSON.parse(call?.body ?? '{}')).toEqual({ refreshToken: 'refresh-1' });
    expect(fake.refreshState.get('refresh-1')).toBe('used');
    expect(client.tokens).toBeUndefined();
  });

  it('sends X-API-Key and no Authorization with an API key, and never tries to refresh', async () => {
    const client = createKioskFleetClient({
      baseUrl: fake.server.baseUrl,
      auth: { apiKey: 'kf_abc_secret' },
    });
    const err = await client.GET('/api/v1/auth/me').catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 401 });
    const [req] = fake.server.seen;
    expect(req.headers['x-api-key']).toBe('kf_abc_secret');
    expect(req.headers.authorization).toBeUndefined();
    expect(fake.server.seen).toHaveLength(1);
  });
});
