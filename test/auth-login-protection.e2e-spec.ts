import type { Response } from 'supertest';
import { Role } from '@app/contracts';
import { ADMIN, API, startTestApp, TestApp } from './support/test-app';

/**
 * Login protection (issue 16, item 7): per-(username, address) progressive delays and a per-username
 * ceiling instead of a lockout a stranger could trigger; unknown usernames answered exactly like
 * known ones; client addresses read through TRUST_PROXY (a hop count, or a list of proxy ranges).
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const WRONG = 'wrong-password!';

interface Attempt {
  username: string;
  password: string;
  /** X-Forwarded-For as the proxy would send it; none: the socket's own address (127.0.0.1). */
  forwardedFor?: string;
  /** Fixed request ids make two answers comparable byte for byte (the body carries the id). */
  requestId?: string;
}

function attempt(t: TestApp, a: Attempt): Promise<Response> {
  const req = t.http().post(`${API}/auth/login`);
  if (a.forwardedFor) req.set('X-Forwarded-For', a.forwardedFor);
  if (a.requestId) req.set('X-Request-Id', a.requestId);
  return req.send({ username: a.username, password: a.password });
}

const retryAfterSec = (res: Response) => Number(res.headers['retry-after']);

/** Waits out a 429's Retry-After (it is rounded up to whole seconds, so this is always enough). */
const waitOut = (res: Response) => sleep(retryAfterSec(res) * 1000 + 50);

function expectDelayed(res: Response): void {
  expect(res.status).toBe(429);
  expect(res.body).toMatchObject({
    statusCode: 429,
    error: 'Too Many Requests',
    message: 'Too many failed login attempts; try again after the time in Retry-After',
    details: [],
  });
  expect(retryAfterSec(res)).toBeGreaterThanOrEqual(1);
}

/** What must not differ between a known and an unknown username at the same step. */
function observable(res: Response) {
  return {
    status: res.status,
    body: res.text,
    retryAfter: res.headers['retry-after'],
    contentType: res.headers['content-type'],
    contentLength: res.headers['content-length'],
    etag: res.headers['etag'],
  };
}

async function metric(t: TestApp, line: string): Promise<number> {
  const res = await t.http().get('/metrics').expect(200);
  const found = res.text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
}

async function auditEntries(t: TestApp, action: string) {
  const admin = await t.admin();
  const res = await t.http().get(`${API}/audit-log?action=${action}&limit=200`).set(admin.auth).expect(200);
  return res.body.items as Array<{ targetId: string | null; details: Record<string, unknown> }>;
}

describe('login protection: progressive delays per (username, address), TRUST_PROXY as a hop count', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        TRUST_PROXY: '1',
        LOGIN_FREE_FAILURES: '2',
        LOGIN_DELAY_BASE_MS: '1000',
        LOGIN_DELAY_MAX_SEC: '2',
      },
    });
  });
  afterAll(() => t.close());

  it('grows the delay after the free failures (429 + Retry-After, capped), lets the right password in after the wait, and a success clears it', async () => {
    const user = await t.userWithRole(Role.Viewer, 'delayed-viewer');
    const from = '198.51.100.10';
    const wrong = { username: 'delayed-viewer', password: WRONG, forwardedFor: from };
    const right = { ...wrong, password: user.password };

    expect((await attempt(t, wrong)).status).toBe(401); // free
    expect((await attempt(t, wrong)).status).toBe(401); // free
    expect((await attempt(t, wrong)).status).toBe(401); // past the free ones: the next waits 1 s
    let res = await attempt(t, right); // even the right password waits
    expectDelayed(res);
    expect(res.headers['retry-after']).toBe('1');

    await waitOut(res);
    expect((await attempt(t, wrong)).status).toBe(401); // doubles: 2 s
    res = await attempt(t, wrong);
    expectDelayed(res);
    expect(res.headers['retry-after']).toBe('2');

    await waitOut(res);
    expect((await attempt(t, wrong)).status).toBe(401); // would be 4 s: capped at LOGIN_DELAY_MAX_SEC
    res = await attempt(t, wrong);
    expectDelayed(res);
    expect(res.headers['retry-after']).toBe('2');

    await waitOut(res);
    expect((await attempt(t, right)).status).toBe(200);
    // Cleared: two failures in a row are free again (without the reset the first would start a delay).
    expect((await attempt(t, wrong)).status).toBe(401);
    expect((await attempt(t, wrong)).status).toBe(401);
  });

  it("does not let a stranger's failures from one address stop the user logging in from another", async () => {
    const user = await t.userWithRole(Role.Operator, 'targeted-operator');
    const attacker = { username: 'targeted-operator', password: WRONG, forwardedFor: '203.0.113.66' };
    for (let i = 0; i < 3; i++) expect((await attempt(t, attacker)).status).toBe(401);
    await waitOut(await attempt(t, attacker));
    expect((await attempt(t, attacker)).status).toBe(401); // the attacker's address now waits 2 s
    for (let i = 0; i < 3; i++) {
      // a made-up leftmost X-Forwarded-For entry changes nothing: one hop is trusted, the last one counts
      expectDelayed(await attempt(t, { ...attacker, forwardedFor: `10.0.0.${i}, ${attacker.forwardedFor}` }));
    }
    const elsewhere = await attempt(t, { ...attacker, password: user.password, forwardedFor: '192.0.2.10' });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.user).toMatchObject({ username: 'targeted-operator' });
    // the attacker's address is still waiting, even with the right password
    expectDelayed(await attempt(t, { ...attacker, password: user.password }));
    await t.login('targeted-operator', user.password); // and from the socket's own address
  });

  it('answers an unknown username byte for byte like a known one with a wrong password, at every step of the delays', async () => {
    await t.userWithRole(Role.Viewer, 'probe-viewer');
    const from = '198.51.100.77';
    const statuses: number[] = [];
    for (let step = 0; step < 8; step++) {
      const requestId = `probe-step-${step}`;
      const known = await attempt(t, {
        username: 'probe-viewer',
        password: WRONG,
        forwardedFor: from,
        requestId,
      });
      const unknown = await attempt(t, {
        username: 'probe-ghost',
        password: WRONG,
        forwardedFor: from,
        requestId,
      });
      expect(observable(unknown)).toEqual(observable(known));
      statuses.push(known.status);
      if (known.status === 429) await waitOut(known);
    }
    // the sequence really went through the delays (and was the same for both)
    expect(statuses).toEqual([401, 401, 401, 429, 401, 429, 401, 429]);
  });

  it('spends comparable time on an unknown username (argon2 against a dummy hash) and a wrong password', async () => {
    await t.userWithRole(Role.Viewer, 'timing-viewer');
    const took = async (username: string, forwardedFor: string) => {
      const started = process.hrtime.bigint();
      const res = await attempt(t, { username, password: WRONG, forwardedFor });
      expect(res.status).toBe(401);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    // one fresh address per sample, so no delay starts; interleaved, so load affects both alike
    for (let i = 0; i < 9; i++) {
      known.push(await took('timing-viewer', `198.18.0.${i}`));
      unknown.push(await took('timing-ghost', `198.18.1.${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // Without the dummy verification an unknown name answers several times faster (no argon2 at all).
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
    expect(median(known)).toBeGreaterThan(median(unknown) * 0.5);
  });

  it('lets exactly the free failures and one more through a parallel burst from one address', async () => {
    const burst = await Promise.all(
      Array.from({ length: 12 }, () =>
        attempt(t, { username: 'burst-target', password: WRONG, forwardedFor: '198.51.100.99' }),
      ),
    );
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(9);
  });

  it('keys usernames as the login reads them: case and spaces give no fresh delay, odd names are harmless', async () => {
    const from = '198.51.100.123';
    for (const username of ['Case-Viewer', ' case-viewer ', 'CASE-VIEWER']) {
      expect((await attempt(t, { username, password: WRONG, forwardedFor: from })).status).toBe(401);
    }
    expectDelayed(await attempt(t, { username: 'case-viewer', password: WRONG, forwardedFor: from }));

    const odd = ['*', 'login:{x}:failures', '{}', 'a'.repeat(64), '名前', '\u202eadmin', 'x\ty'];
    for (const username of odd) {
      const res = await attempt(t, { username, password: WRONG, forwardedFor: '198.51.100.124' });
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('Invalid username or password');
    }
    // a header that is not an address is keyed (hashed) like any other client, and delayed like one
    const junk = `not-an-ip-${'x'.repeat(4000)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await attempt(t, { username: 'junk-target', password: WRONG, forwardedFor: junk })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    // the admin, logging in from elsewhere, never noticed any of it
    expect((await attempt(t, { ...ADMIN, forwardedFor: '192.0.2.1' })).status).toBe(200);
  });

  it('counts failed and delayed logins in /metrics and audits the failures and the start of a delay', async () => {
    const user = await t.userWithRole(Role.Viewer, 'audited-viewer');
    const failedBefore = await metric(t, 'auth_login_failures_total');
    const delayedBefore = await metric(t, 'auth_login_delayed_total{scope="address"}');
    const from = '198.51.100.150';
    for (const username of ['audited-viewer', 'audited-ghost']) {
      for (let i = 0; i < 3; i++) {
        expect((await attempt(t, { username, password: WRONG, forwardedFor: from })).status).toBe(401);
      }
      expectDelayed(await attempt(t, { username, password: WRONG, forwardedFor: from }));
    }
    expect(await metric(t, 'auth_login_failures_total')).toBe(failedBefore + 6);
    expect(await metric(t, 'auth_login_delayed_total{scope="address"}')).toBe(delayedBefore + 2);

    const failed = await auditEntries(t, 'auth.login_failed');
    expect(failed.filter((e) => e.targetId === user.id)).toHaveLength(3);
    expect(failed.filter((e) => e.details.username === 'audited-ghost')).toHaveLength(3);
    const delayed = await auditEntries(t, 'auth.login_delayed');
    expect(delayed.filter((e) => e.details.username === 'audited-viewer')).toEqual([
      expect.objectContaining({
        targetId: user.id,
        details: { username: 'audited-viewer', addressFailures: 3 },
      }),
    ]);
    expect(delayed.filter((e) => e.details.username === 'audited-ghost')).toEqual([
      expect.objectContaining({ targetId: null, details: { username: 'audited-ghost', addressFailures: 3 } }),
    ]);
  });
});

describe('login protection: per-username ceiling, TRUST_PROXY as a list of proxy ranges', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        TRUST_PROXY: '127.0.0.1/32,10.0.0.0/8',
        LOGIN_FREE_FAILURES: '3',
        LOGIN_USER_FAILURE_CEILING: '6',
        LOGIN_USER_THROTTLE_SEC: '2',
      },
    });
  });
  afterAll(() => t.close());

  it('reads the client as the first address from the right that is not a listed proxy', async () => {
    const user = await t.userWithRole(Role.Viewer, 'cidr-viewer');
    const viaLb = (client: string) => `${client}, 10.1.2.3`;
    for (let i = 0; i < 4; i++) {
      expect(
        (await attempt(t, { username: 'cidr-viewer', password: WRONG, forwardedFor: viaLb('198.51.100.20') }))
          .status,
      ).toBe(401);
    }
    expectDelayed(
      await attempt(t, { username: 'cidr-viewer', password: WRONG, forwardedFor: viaLb('198.51.100.20') }),
    );
    // A client cannot forge its way to a fresh address: entries left of it are not trusted.
    expectDelayed(
      await attempt(t, {
        username: 'cidr-viewer',
        password: WRONG,
        forwardedFor: `192.0.2.99, ${viaLb('198.51.100.20')}`,
      }),
    );
    // The rightmost hop is not a listed proxy: it is the client, whatever the rest says.
    expect(
      (
        await attempt(t, {
          username: 'cidr-viewer',
          password: WRONG,
          forwardedFor: '198.51.100.20, 203.0.113.9',
        })
      ).status,
    ).toBe(401);
    // The user, behind the same load balancer from another address, logs in at once.
    expect(
      (
        await attempt(t, {
          username: 'cidr-viewer',
          password: user.password,
          forwardedFor: viaLb('192.0.2.44'),
        })
      ).status,
    ).toBe(200);
  });

  it('throttles a username past its ceiling across many addresses, except from addresses the user logged in from, one try per interval', async () => {
    const user = await t.userWithRole(Role.Viewer, 'ceiling-viewer'); // logs in from 127.0.0.1: a known address
    const step = async (requestId: string, forwardedFor: string) => {
      const known = await attempt(t, {
        username: 'ceiling-viewer',
        password: WRONG,
        forwardedFor,
        requestId,
      });
      const unknown = await attempt(t, {
        username: 'ceiling-ghost',
        password: WRONG,
        forwardedFor,
        requestId,
      });
      expect(observable(unknown)).toEqual(observable(known));
      return known;
    };
    // Six addresses, one failure each: no (username, address) delay, but the username's ceiling.
    for (let i = 0; i < 6; i++)
      expect((await step(`ceiling-${i}`, `198.51.100.${100 + i}`)).status).toBe(401);
    // Past it, unknown addresses share one try per LOGIN_USER_THROTTLE_SEC…
    expect((await step('ceiling-slot', '198.51.100.200')).status).toBe(401);
    const throttled = await step('ceiling-throttled', '198.51.100.201');
    expectDelayed(throttled);
    expect(retryAfterSec(throttled)).toBeLessThanOrEqual(2);
    // …while the user's own known address is not throttled at all.
    const home = await attempt(t, { username: 'ceiling-viewer', password: user.password });
    expect(home.status).toBe(200);
    // Not a lock: after the interval a new address gets its try, and the right password works.
    await waitOut(throttled);
    expect(
      (
        await attempt(t, {
          username: 'ceiling-viewer',
          password: user.password,
          forwardedFor: '198.51.100.202',
        })
      ).status,
    ).toBe(200);

    expect(await metric(t, 'auth_login_delayed_total{scope="username"}')).toBeGreaterThanOrEqual(2);
    const throttledAudit = await auditEntries(t, 'auth.login_throttled');
    expect(throttledAudit.filter((e) => e.details.username === 'ceiling-viewer')).toEqual([
      expect.objectContaining({
        targetId: user.id,
        details: { username: 'ceiling-viewer', usernameFailures: 6 },
      }),
    ]);
    expect(throttledAudit.filter((e) => e.details.username === 'ceiling-ghost')).toHaveLength(1);
  });
});
