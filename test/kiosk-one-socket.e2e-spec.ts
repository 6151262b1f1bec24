import { randomBytes } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import {
  connectKiosk,
  emitWithAck,
  eventually,
  joinedKiosk,
  kioskUpdate,
  registerKiosk,
} from './support/kiosks';
import { API, closeTwoInstances, startTwoInstances, TestApp } from './support/test-app';

/*
 * One live socket per kiosk (CONTRACT.md §8, issue 16): a stolen secret cannot fan out sockets. The
 * newest authenticated socket closes the older ones wherever they are, and the kiosk never shows
 * offline in between. Two API instances share the database and Redis, as in production.
 */

const stateOf = async (t: TestApp, id: number) =>
  (
    await t
      .http()
      .get(`${API}/kiosks/${id}/state`)
      .set((await t.admin()).auth)
      .expect(200)
  ).body as { status: string; connected: boolean };

describe('one live socket per kiosk, across instances', () => {
  const prefix = `test:onesock-${randomBytes(3).toString('hex')}:`;
  const env = { REDIS_KEY_PREFIX: prefix };
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

  it('closes the socket on instance A when the kiosk connects to instance B; it stays online', async () => {
    const k = await registerKiosk(a);
    const first = await joinedKiosk(a, k, open);
    await eventually(async () => expect(await stateOf(a, k.id)).toMatchObject({ connected: true }));
    const replaced = new Promise<string>((resolve) => first.once('disconnect', resolve));
    const second = await connectKiosk(b, k);
    open.push(second);
    expect(await replaced).toBe('io server disconnect');
    await emitWithAck(second, 'kiosk_join', {});
    expect(await emitWithAck(second, 'kiosk_update', kioskUpdate(1))).toEqual({ ok: true });
    for (let i = 0; i < 5; i++) {
      expect(await stateOf(b, k.id)).toMatchObject({ status: 'online', connected: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  it('leaves exactly one socket of ten opened at once on two instances, and it keeps serving', async () => {
    const k = await registerKiosk(a);
    const sockets = Array.from({ length: 10 }, (_, i) =>
      io(`${(i % 2 ? b : a).baseUrl}/kiosks`, {
        auth: { serial: k.serial, secret: k.secret },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      }),
    );
    open.push(...sockets);
    await eventually(async () => {
      expect(sockets.filter((s) => s.connected)).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 300));
      expect(sockets.filter((s) => s.connected)).toHaveLength(1);
    }, 10_000);
    const survivor = sockets.find((s) => s.connected) as Socket;
    await emitWithAck(survivor, 'kiosk_join', {});
    expect(await emitWithAck(survivor, 'kiosk_update', kioskUpdate(1))).toEqual({ ok: true });
    expect(await stateOf(a, k.id)).toMatchObject({ status: 'online', connected: true });
  });

  it('marks the kiosk offline once its one remaining socket closes', async () => {
    const k = await registerKiosk(a);
    const first = await connectKiosk(a, k);
    const second = await connectKiosk(b, k);
    open.push(first, second);
    await eventually(async () => expect(first.connected).toBe(false));
    second.close();
    await eventually(async () => expect(await stateOf(a, k.id)).toMatchObject({ connected: false }));
  });
});
