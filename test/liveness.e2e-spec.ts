import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { connectKiosk, emitWithAck, eventually, joinedKiosk, registerKiosk } from './support/kiosks';
import {
  API,
  closeTwoInstances,
  startTestApp,
  startTwoInstances,
  TEST_REDIS_URL,
  TestApp,
} from './support/test-app';

const stateOf = async (t: TestApp, id: number) =>
  (
    await t
      .http()
      .get(`${API}/kiosks/${id}/state`)
      .set((await t.admin()).auth)
      .expect(200)
  ).body as {
    status: string;
    connected: boolean;
    reporting: boolean;
  };

describe('liveness: three signals, transitions, several instances', () => {
  const prefix = `test:live-${randomBytes(3).toString('hex')}:`;
  const env = { TELEMETRY_INTERVAL_SEC: '1', REDIS_KEY_PREFIX: prefix };
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    [a, b] = await startTwoInstances(env);
  });
  afterAll(async () => {
    await closeTwoInstances(a, b, prefix);
  });

  it('goes online on connect, stale after 3 silent intervals, offline on disconnect', async () => {
    const k = await registerKiosk(a);
    expect((await stateOf(a, k.id)).status).toBe('offline');
    const socket = await joinedKiosk(a, k);
    await eventually(async () =>
      expect(await stateOf(a, k.id)).toMatchObject({ status: 'online', connected: true, reporting: true }),
    );
    // no readings: after 3 × 1 s the kiosk is connected but not reporting
    await eventually(
      async () =>
        expect(await stateOf(a, k.id)).toMatchObject({ status: 'stale', connected: true, reporting: false }),
      8000,
    );
    socket.close();
    await eventually(async () =>
      expect(await stateOf(b, k.id)).toMatchObject({ status: 'offline', connected: false }),
    );
  });

  it('keeps a kiosk connected to instance A online while instance B restarts', async () => {
    const k = await registerKiosk(a);
    const socket = await connectKiosk(a, k);
    await eventually(async () => expect((await stateOf(a, k.id)).connected).toBe(true));
    await b.close();
    b = await startTestApp({ env, databaseUrl: a.databaseUrl, keepRedis: true });
    // B's start-up and a few sweeps later, the kiosk on A is still connected
    await new Promise((r) => setTimeout(r, 2500));
    expect((await stateOf(b, k.id)).connected).toBe(true);
    socket.close();
  });

  it('counts a kiosk connected while any instance holds a socket of it', async () => {
    const k = await registerKiosk(a);
    const onA = await connectKiosk(a, k);
    const onB = await connectKiosk(b, k);
    await eventually(async () => expect((await stateOf(a, k.id)).connected).toBe(true));
    onA.close();
    await new Promise((r) => setTimeout(r, 500));
    expect((await stateOf(a, k.id)).connected).toBe(true);
    onB.close();
    await eventually(async () => expect((await stateOf(a, k.id)).connected).toBe(false));
  });

  it('releases the sockets of an instance that died without closing them', async () => {
    const k = await registerKiosk(a);
    const socket = await connectKiosk(a, k);
    await eventually(async () => expect((await stateOf(a, k.id)).connected).toBe(true));
    socket.close();
    await eventually(async () => expect((await stateOf(a, k.id)).connected).toBe(false));
    // What a crashed instance leaves behind: its connection entry, and no heartbeat.
    const redis = new Redis(TEST_REDIS_URL, { keyPrefix: prefix });
    try {
      await redis
        .multi()
        .hset(`kiosk:conns:${k.id}`, 'crashed-1:sock', 'crashed-1')
        .sadd('instance:kiosks:crashed-1', String(k.id))
        .sadd('instances', 'crashed-1')
        .exec();
      const again = await connectKiosk(a, k);
      await eventually(async () => expect((await stateOf(a, k.id)).connected).toBe(true));
      again.close();
      // A's socket is gone, but the crashed instance's entry would keep the kiosk "connected" until released.
      await eventually(async () => expect((await stateOf(a, k.id)).connected).toBe(false), 8000);
      expect(await redis.hlen(`kiosk:conns:${k.id}`)).toBe(0);
      expect(await redis.sismember('instances', 'crashed-1')).toBe(0);
    } finally {
      redis.disconnect();
    }
  });

  it('records a burst of connects, joins and disconnects whole (they are written in batches)', async () => {
    const kiosks = await Promise.all(Array.from({ length: 120 }, () => registerKiosk(a)));
    const ids = kiosks.map((k) => k.id);
    const db = a.app.get(DataSource);
    const states = async () =>
      (await db.query(
        `SELECT s.connected, k.firmware_version FROM kiosk_state s JOIN kiosks k ON k.id = s.kiosk_id
          WHERE s.kiosk_id = ANY($1::int[])`,
        [ids],
      )) as Array<{ connected: boolean; firmware_version: string | null }>;
    const sockets = await Promise.all(kiosks.map((k) => connectKiosk(a, k)));
    await Promise.all(sockets.map((s) => emitWithAck(s, 'kiosk_join', { firmware_version: '3.1.4' })));
    await eventually(async () =>
      expect(await states()).toEqual(ids.map(() => ({ connected: true, firmware_version: '3.1.4' }))),
    );
    for (const s of sockets) s.close();
    await eventually(async () => expect((await states()).filter((s) => s.connected)).toEqual([]));
  });
});
