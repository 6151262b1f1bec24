import { randomBytes } from 'node:crypto';
import { createServer, Server, Socket } from 'node:net';
import Redis from 'ioredis';
import type { Response } from 'supertest';
import { Role } from '@app/contracts';
import { issueApiKey } from './support/api-keys';
import {
  API,
  closeTwoInstances,
  freePort,
  Session,
  startTestApp,
  startTwoInstances,
  TEST_REDIS_URL,
  TestApp,
} from './support/test-app';

/**
 * REST rate limits per principal (CONTRACT §8, issue 18 item 4): every authenticated call spends
 * its principal's budget in Redis, shared by every instance; RateLimit-* headers on each limited
 * response, 429 with Retry-After and the error shape beyond; public routes untouched; Redis away
 * means no limit rather than no API.
 */
const PER_MIN = { admin: 40, operator: 20, viewer: 10 };

const me = (t: TestApp, who: Session) => t.http().get(`${API}/auth/me`).set(who.auth);

function budget(res: Response) {
  return {
    limit: Number(res.headers['ratelimit-limit']),
    remaining: Number(res.headers['ratelimit-remaining']),
    reset: Number(res.headers['ratelimit-reset']),
    policy: res.headers['ratelimit-policy'] as string | undefined,
  };
}

const rateLimitHeadersOf = (res: Response) =>
  Object.keys(res.headers).filter((h) => h.startsWith('ratelimit-'));

async function metric(t: TestApp, series: string): Promise<number> {
  const text = (await t.http().get('/metrics').expect(200)).text;
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

function expectRefused(res: Response, limit: number) {
  expect(res.status).toBe(429);
  expect(res.body).toMatchObject({
    statusCode: 429,
    error: 'Too Many Requests',
    message: expect.stringContaining(`more than ${limit} calls in 60 s`),
    details: [],
  });
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  // One call refills every 60/limit seconds: that is the longest wait there can be.
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(Math.ceil(60 / limit));
  expect(budget(res)).toMatchObject({ limit, remaining: 0 });
}

describe('REST rate limits per principal', () => {
  // A and B are two instances of one deployment: same database, same Redis prefix.
  const prefix = `test:rest-rate-${randomBytes(3).toString('hex')}:`;
  const env = {
    REDIS_KEY_PREFIX: prefix,
    RATE_LIMIT_ADMIN_PER_MIN: String(PER_MIN.admin),
    RATE_LIMIT_OPERATOR_PER_MIN: String(PER_MIN.operator),
    RATE_LIMIT_VIEWER_PER_MIN: String(PER_MIN.viewer),
    RATE_LIMIT_WINDOW_SEC: '60',
  };
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    [a, b] = await startTwoInstances(env);
  });
  afterAll(async () => {
    await closeTwoInstances(a, b, prefix);
  });

  it('tells each call its budget, counting down one call at a time', async () => {
    const viewer = await a.userWithRole(Role.Viewer);
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(budget(await me(a, viewer).expect(200)));
    expect(seen.map((s) => s.remaining)).toEqual([9, 8, 7, 6]);
    for (const s of seen) {
      expect(s).toMatchObject({ limit: PER_MIN.viewer, policy: `${PER_MIN.viewer};w=60` });
      // Seconds until the budget is full again: 6 s per spent call at 10 a minute.
      expect(s.reset).toBeGreaterThanOrEqual(1);
      expect(s.reset).toBeLessThanOrEqual(60);
    }
    expect(seen[3].reset).toBeGreaterThan(seen[0].reset);
  });

  it('refuses the call after the budget with 429, Retry-After and the error shape, on every route', async () => {
    const viewer = await a.userWithRole(Role.Viewer);
    const before = await metric(a, 'rest_rate_limited_total{role="viewer"}');
    for (let i = 0; i < PER_MIN.viewer; i++) await me(a, viewer).expect(200);

    expectRefused(await me(a, viewer), PER_MIN.viewer);
    // The budget is the principal's, not the route's nor the token's.
    expectRefused(await a.http().get(`${API}/kiosks`).set(viewer.auth), PER_MIN.viewer);
    const again = await a.login(viewer.user.username, viewer.password);
    expectRefused(await me(a, again), PER_MIN.viewer);
    // A route its role may not use counts too (the budget is checked before the role).
    expectRefused(await a.http().get(`${API}/users`).set(viewer.auth), PER_MIN.viewer);

    expect(await metric(a, 'rest_rate_limited_total{role="viewer"}')).toBe(before + 4);
  });

  it('counts a call its role may not make (403) like any other', async () => {
    const viewer = await a.userWithRole(Role.Viewer);
    const refused = await a.http().get(`${API}/users`).set(viewer.auth).expect(403);
    expect(budget(refused)).toMatchObject({ limit: PER_MIN.viewer, remaining: 9 });
    expect(budget(await me(a, viewer).expect(200)).remaining).toBe(8);
  });

  it('keeps one budget per principal: a spent one leaves the others whole', async () => {
    const spent = await a.userWithRole(Role.Viewer);
    const other = await a.userWithRole(Role.Viewer);
    for (let i = 0; i < PER_MIN.viewer; i++) await me(a, spent).expect(200);
    expectRefused(await me(a, spent), PER_MIN.viewer);
    expect(budget(await me(a, other).expect(200))).toMatchObject({ limit: PER_MIN.viewer, remaining: 9 });
  });

  it('gives an API key its own budget, apart from the admin who issued it, on every instance', async () => {
    const key = await issueApiKey(a, { role: 'viewer', tags: ['rate-limit-e2e'] });
    const kiosks = (t: TestApp) => t.http().get(`${API}/kiosks`).set(key.auth);
    const remaining = [];
    for (let i = 0; i < PER_MIN.viewer; i++) {
      const res = await kiosks(i % 2 ? b : a).expect(200);
      expect(budget(res).limit).toBe(PER_MIN.viewer);
      remaining.push(budget(res).remaining);
    }
    expect(remaining).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    const refused = await kiosks(b);
    expectRefused(refused, PER_MIN.viewer);
    expect(refused.body.message).toMatch(/^This API key made more than/);
    // The admin who issued it keeps a budget of its own.
    const admin = await me(a, await a.admin()).expect(200);
    expect(budget(admin).limit).toBe(PER_MIN.admin);
  });

  it('gives each role its own limit', async () => {
    const limits: Record<string, number> = {};
    for (const role of [Role.Admin, Role.Operator, Role.Viewer]) {
      const who = await a.userWithRole(role);
      const res = await me(a, who).expect(200);
      limits[role] = budget(res).limit;
      expect(budget(res).remaining).toBe(limits[role] - 1);
      expect(budget(res).policy).toBe(`${limits[role]};w=60`);
    }
    expect(limits).toEqual(PER_MIN);
  });

  it('shares one budget across instances, atomically under concurrent calls', async () => {
    const viewer = await a.userWithRole(Role.Viewer);
    const remaining = [];
    for (let i = 0; i < PER_MIN.viewer; i++) {
      remaining.push(budget(await me(i % 2 ? b : a, viewer).expect(200)).remaining);
    }
    expect(remaining).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expectRefused(await me(b, viewer), PER_MIN.viewer);
    expectRefused(await me(a, viewer), PER_MIN.viewer);

    // 40 calls at once through both instances: the budget lets exactly 10 through (plus one per
    // 6 s the burst took to send, which the refill adds).
    const fresh = await b.userWithRole(Role.Viewer);
    const started = Date.now();
    const all = await Promise.all(Array.from({ length: 40 }, (_, i) => me(i % 2 ? b : a, fresh)));
    const refills = Math.floor((Date.now() - started) / 6000);
    const ok = all.filter((r) => r.status === 200);
    expect(all.every((r) => r.status === 200 || r.status === 429)).toBe(true);
    expect(ok.length).toBeGreaterThanOrEqual(PER_MIN.viewer);
    expect(ok.length).toBeLessThanOrEqual(PER_MIN.viewer + refills);
    // The count went down one call at a time through every value to 0, whichever instance answered.
    expect(new Set(ok.map((r) => budget(r).remaining))).toEqual(new Set([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]));
  });

  it('leaves unauthenticated calls alone: login, refresh, health, metrics, docs, and 401s', async () => {
    const viewer = await a.userWithRole(Role.Viewer);
    const login = await a
      .http()
      .post(`${API}/auth/login`)
      .send({ username: viewer.user.username, password: viewer.password })
      .expect(200);
    const refresh = await a
      .http()
      .post(`${API}/auth/refresh`)
      .send({ refreshToken: login.body.refreshToken as string })
      .expect(200);
    const responses = [login, refresh];
    // Far more than any budget here: none of these is counted.
    for (let i = 0; i < 15; i++) {
      responses.push(await a.http().get('/health/live').expect(200));
      responses.push(await a.http().get('/metrics').expect(200));
    }
    responses.push(await a.http().get('/health/ready').expect(200));
    responses.push(await a.http().get('/docs-json').expect(200));
    responses.push(await a.http().get(`${API}/auth/me`).expect(401));
    responses.push(await a.http().get(`${API}/auth/me`).set('Authorization', 'Bearer nonsense').expect(401));
    for (const res of responses) expect(rateLimitHeadersOf(res)).toEqual([]);
  });

  it('documents the headers and the 429 on authenticated operations only', async () => {
    type DocResponse = { headers?: Record<string, unknown> };
    const doc = (await a.http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { 'x-public'?: boolean; responses: Record<string, DocResponse> }>>;
      components: { headers: Record<string, unknown> };
    };
    expect(Object.keys(doc.components.headers)).toEqual(
      expect.arrayContaining(['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After']),
    );
    const ops = Object.values(doc.paths).flatMap((item) => Object.values(item));
    const limited = ops.filter((op) => op['x-public'] !== true);
    expect(limited.length).toBeGreaterThan(50);
    for (const op of limited) {
      expect(op.responses['429'].headers?.['Retry-After']).toEqual({
        $ref: '#/components/headers/Retry-After',
      });
      for (const [status, response] of Object.entries(op.responses)) {
        // A 401 has no principal, hence no budget to tell; nor has a refusal answered before routing
        // (a shared components.responses entry: `%00` in the URL, body or headers too large).
        const beforeRouting = '$ref' in response;
        const expected =
          status === '401' || beforeRouting
            ? undefined
            : { $ref: '#/components/headers/RateLimit-Remaining' };
        expect(response.headers?.['RateLimit-Remaining']).toEqual(expected);
      }
    }
    const me200 = doc.paths[`${API}/auth/me`].get.responses['200'];
    expect(Object.keys(me200.headers ?? {})).toEqual(
      expect.arrayContaining(['RateLimit-Limit', 'RateLimit-Reset']),
    );
    const publicOps = ops.filter((op) => op['x-public'] === true);
    for (const op of publicOps) {
      for (const response of Object.values(op.responses)) {
        expect(Object.keys(response.headers ?? {}).filter((h) => h.startsWith('RateLimit-'))).toEqual([]);
      }
    }
  });
});

describe('REST rate limits: refill, expiry, unlimited roles', () => {
  // 180 a minute with a 1 s window: a budget of 3, one call back every 333 ms.
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        RATE_LIMIT_VIEWER_PER_MIN: '180',
        RATE_LIMIT_WINDOW_SEC: '1',
        RATE_LIMIT_ADMIN_PER_MIN: '0',
        CORS_ORIGINS: 'http://dashboard.test',
      },
    });
  });
  afterAll(() => t.close());

  it('refills the whole budget after the window, and the key expires with it', async () => {
    const viewer = await t.userWithRole(Role.Viewer);
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const key = `${t.config.redis.keyPrefix}rest-rate:user:${viewer.id}`;
      let last: Response | undefined;
      for (let i = 0; i < 10 && (last?.status ?? 200) === 200; i++) last = await me(t, viewer);
      expect(last?.status).toBe(429);
      expect(last?.headers['retry-after']).toBe('1');
      expect(budget(last!)).toMatchObject({ limit: 3, remaining: 0, policy: '3;w=1' });
      expect(budget(last!).reset).toBe(1);
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(1000);

      await new Promise((r) => setTimeout(r, 1100));
      expect(await redis.exists(key)).toBe(0);
      const after = await me(t, viewer).expect(200);
      expect(budget(after)).toMatchObject({ limit: 3, remaining: 2 });
    } finally {
      redis.disconnect();
    }
  });

  it('does not limit a role whose setting is 0, nor send it headers', async () => {
    const admin = await t.admin();
    const all = await Promise.all(Array.from({ length: 60 }, () => me(t, admin)));
    expect(all.map((r) => r.status)).toEqual(all.map(() => 200));
    for (const res of all) expect(rateLimitHeadersOf(res)).toEqual([]);
  });

  it('exposes the headers to browser clients of an allowed origin', async () => {
    const viewer = await t.userWithRole(Role.Viewer);
    const res = await me(t, viewer).set('Origin', 'http://dashboard.test').expect(200);
    const exposed = String(res.headers['access-control-expose-headers']).split(',');
    expect(exposed).toEqual(
      expect.arrayContaining(['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After']),
    );
  });
});

describe('REST rate limits: Redis unavailable', () => {
  let closed: TestApp;
  let stalled: TestApp;
  let stalling: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // A port nothing listens on, and a "Redis" that passes the client's ready check (INFO) and then
    // never answers a command: the limiter's timeout is what lets calls through.
    const closedPort = await freePort();
    stalling = createServer((socket) => {
      sockets.push(socket);
      socket.on('data', (data) => {
        if (!/info/i.test(data.toString())) return;
        const info = '# Server\r\nloading:0\r\n';
        socket.write(`$${info.length}\r\n${info}\r\n`);
      });
    });
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    const stallingPort = (stalling.address() as { port: number }).port;
    const env = { RATE_LIMIT_VIEWER_PER_MIN: '1', RATE_LIMIT_REDIS_TIMEOUT_MS: '100' };
    closed = await startTestApp({ env: { ...env, RATE_LIMIT_REDIS_URL: `redis://127.0.0.1:${closedPort}` } });
    // Same database: Passport's strategies are process-wide, the last app's would not find the
    // first one's sessions in a database of its own.
    stalled = await startTestApp({
      env: { ...env, RATE_LIMIT_REDIS_URL: `redis://127.0.0.1:${stallingPort}` },
      databaseUrl: closed.databaseUrl,
    });
  });
  afterAll(async () => {
    await stalled?.close();
    await closed?.close();
    for (const socket of sockets) socket.destroy();
    stalling?.close();
  });

  it.each([
    ['refuses connections', () => closed],
    ['stops answering', () => stalled],
  ])('lets calls through unchecked and counts them when the limiter Redis %s', async (_, app) => {
    const t = app();
    const viewer = await t.userWithRole(Role.Viewer);
    const before = await metric(t, 'rest_rate_limit_errors_total');
    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      // Far past a budget of 1, and never waiting for Redis longer than its timeout.
      const res = await me(t, viewer).expect(200);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(rateLimitHeadersOf(res)).toEqual([]);
    }
    expect(await metric(t, 'rest_rate_limit_errors_total')).toBe(before + 5);
    // The rest of the app (its own Redis) is unaffected.
    await t.http().get('/health/ready').expect(200);
  });
});
