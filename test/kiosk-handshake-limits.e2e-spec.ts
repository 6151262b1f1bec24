import { randomBytes } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import { connectKiosk, emitWithAck, joinedKiosk, kioskUpdate, registerKiosk } from './support/kiosks';
import { closeTwoInstances, startTestApp, startTwoInstances, TestApp } from './support/test-app';

/*
 * Handshake limits of the kiosk namespace (issue 16): each handshake of a serial spends its budget
 * before the auth query, so a stolen secret cannot keep replacing the kiosk's live socket; failed
 * authentications from one address close it to further handshakes before any database work. Both
 * are counted in Redis, shared by two instances as in production. Small budgets keep it quick.
 */

interface ConnectError extends Error {
  data?: { retryAfterSec?: number };
}

/** Resolves with the connect_error (or null once connected, the socket then kept in `open`). */
function handshake(url: string, auth: unknown, open: Socket[], headers?: Record<string, string>) {
  const socket = io(`${url}/kiosks`, {
    auth: auth as Record<string, string>,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: headers,
  });
  open.push(socket);
  return new Promise<ConnectError | null>((resolve) => {
    socket.once('connect', () => resolve(null));
    socket.once('connect_error', (e: ConnectError) => {
      socket.close();
      resolve(e);
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function metric(t: TestApp, line: string): Promise<number> {
  const text = (await t.http().get('/metrics')).text;
  const found = text.split('\n').find((l) => l.startsWith(line + ' '));
  return found ? Number(found.split(' ')[1]) : 0;
}

describe('kiosk handshake limits, across instances', () => {
  const prefix = `test:hslimit-${randomBytes(3).toString('hex')}:`;
  // Per kiosk 60/min with a burst of 3: three handshakes at once, then one a second. Per address,
  // 6 failed authentications at once, then one every 10 s.
  const env = {
    REDIS_KEY_PREFIX: prefix,
    KIOSK_CONNECT_RATE_PER_MIN: '60',
    KIOSK_CONNECT_BURST: '3',
    KIOSK_CONNECT_FAILURES_PER_MIN_PER_IP: '6',
    TRUST_PROXY: 'loopback',
  };
  let a: TestApp;
  let b: TestApp;
  const open: Socket[] = [];

  beforeAll(async () => {
    [a, b] = await startTwoInstances(env);
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await closeTwoInstances(a, b, prefix);
  });

  it('refuses a kiosk reconnecting too often, on either instance, and keeps its live socket', async () => {
    const k = await registerKiosk(a);
    const other = await registerKiosk(a);
    const limitedBefore = await metric(a, 'kiosk_handshakes_rate_limited_total{scope="kiosk"}');
    const live = await joinedKiosk(a, k, open);
    let disconnected = false;
    live.on('disconnect', () => (disconnected = true));
    // Two more fit the burst (each replaces the one before); the rest, on A or B, are refused.
    const errors: (ConnectError | null)[] = [];
    for (let i = 0; i < 6; i++) errors.push(await handshake((i % 2 ? b : a).baseUrl, k, open));
    const refused = errors.filter((e): e is ConnectError => e !== null);
    expect(refused.length).toBeGreaterThanOrEqual(3);
    for (const e of refused) {
      expect(e.message).toBe('rate_limited');
      expect(e.data?.retryAfterSec).toEqual(expect.any(Number));
      expect(e.data?.retryAfterSec).toBeGreaterThanOrEqual(1);
    }
    // The socket that connected last is the kiosk's live one, and a refused handshake did not touch it.
    const survivor = open.filter((s) => s.connected && s !== live).at(-1) as Socket;
    expect(disconnected).toBe(true);
    await sleep(300);
    expect(survivor.connected).toBe(true);
    await emitWithAck(survivor, 'kiosk_join', {});
    expect(await emitWithAck(survivor, 'kiosk_update', kioskUpdate(1))).toEqual({ ok: true });
    expect(
      (await metric(a, 'kiosk_handshakes_rate_limited_total{scope="kiosk"}')) +
        (await metric(b, 'kiosk_handshakes_rate_limited_total{scope="kiosk"}')),
    ).toBeGreaterThanOrEqual(limitedBefore + refused.length);
    // Another kiosk is not affected.
    const bystander = await connectKiosk(b, other);
    open.push(bystander);
    expect(bystander.connected).toBe(true);
    // After waiting as told, it connects again (and replaces its live socket, as before).
    await sleep((refused.at(-1)?.data?.retryAfterSec ?? 1) * 1000 + 100);
    expect(await handshake(b.baseUrl, k, open)).toBeNull();
  });

  it('closes an address that keeps failing to authenticate, before the database; others still connect', async () => {
    const k = await registerKiosk(a);
    const attacker = { 'X-Forwarded-For': '203.0.113.7' };
    const results: (ConnectError | null)[] = [];
    for (let i = 0; i < 10; i++) {
      const serial = `RND-${randomBytes(4).toString('hex')}`;
      results.push(await handshake((i % 2 ? b : a).baseUrl, { serial, secret: 'wrong' }, open, attacker));
    }
    const messages = results.map((e) => e?.message);
    // 6 failures in the address's budget, counted by both instances together; then refused unchecked.
    expect(messages).toEqual([...Array(6).fill('unauthorized'), ...Array(4).fill('rate_limited')]);
    const retryAfterSec = results[9]?.data?.retryAfterSec ?? 0;
    expect(retryAfterSec).toBeGreaterThanOrEqual(1);
    expect(retryAfterSec).toBeLessThanOrEqual(10);
    // Even the right secret waits from that address: nothing is checked there until it cools down.
    expect((await handshake(a.baseUrl, k, open, attacker))?.message).toBe('rate_limited');
    // Malformed credentials from it too (no shape check first, no work at all).
    expect((await handshake(a.baseUrl, { serial: 42 }, open, attacker))?.message).toBe('rate_limited');
    // A kiosk behind another address connects.
    expect(await handshake(a.baseUrl, k, open, { 'X-Forwarded-For': '198.51.100.9' })).toBeNull();
    expect(await metric(a, 'kiosk_handshakes_rate_limited_total{scope="address"}')).toBeGreaterThan(0);
    // After waiting as told, the address gets one more try.
    await sleep(retryAfterSec * 1000 + 100);
    expect(await handshake(b.baseUrl, k, open, attacker)).toBeNull();
  });

  it('does not trust X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const direct = await startTestApp({
      env: {
        ...env,
        REDIS_KEY_PREFIX: `${prefix}direct:`,
        TRUST_PROXY: 'false',
        KIOSK_CONNECT_FAILURES_PER_MIN_PER_IP: '3',
      },
      databaseUrl: a.databaseUrl,
      keepRedis: true,
    });
    try {
      const k = await registerKiosk(direct);
      // Each try claims a new address; all of them are 127.0.0.1 to the server.
      for (let i = 0; i < 3; i++) {
        const forged = { 'X-Forwarded-For': `192.0.2.${i + 1}` };
        const e = await handshake(direct.baseUrl, { serial: `X-${i}`, secret: 'bad' }, open, forged);
        expect(e?.message).toBe('unauthorized');
      }
      const e = await handshake(direct.baseUrl, k, open, { 'X-Forwarded-For': '192.0.2.200' });
      expect(e?.message).toBe('rate_limited');
    } finally {
      await direct.close();
    }
  });
});

describe('kiosk handshake limits when Redis is unreachable', () => {
  let t: TestApp;
  const open: Socket[] = [];
  beforeAll(async () => {
    t = await startTestApp({
      env: { RATE_LIMIT_REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_REDIS_TIMEOUT_MS: '50' },
    });
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await t.close();
  });

  it('lets handshakes through unchecked (fail open) and counts them', async () => {
    const k = await registerKiosk(t);
    for (let i = 0; i < 5; i++) expect(await handshake(t.baseUrl, k, open)).toBeNull();
    expect((await handshake(t.baseUrl, { serial: 'NOPE', secret: 'bad' }, open))?.message).toBe(
      'unauthorized',
    );
    expect(await metric(t, 'kiosk_handshake_limit_errors_total')).toBeGreaterThanOrEqual(6);
  });
});
