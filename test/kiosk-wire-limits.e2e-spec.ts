import { io, Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import {
  connectKiosk,
  emitWithAck,
  eventually,
  kioskUpdate,
  RegisteredKiosk,
  registerKiosk,
} from './support/kiosks';
import { encodeEvent, RawPollingKiosk, RawWebSocketKiosk } from './support/raw-socket-io';
import { API, startTestApp, TestApp } from './support/test-app';
import { storedReadingCount } from './support/telemetry-fixtures';

/*
 * CONTRACT.md §8 "Wire limits, stated exactly": 16 KB per event's whole decoded payload, whatever the
 * transport or framing; binary attachments refused; every kiosk event size-checked, rate-limited and
 * (but for kiosk_join) refused before the join; one live socket per kiosk; nothing at `/`.
 * Every refusal leaves the socket up: the test's last step is a good reading, acknowledged.
 */

type Ack = {
  ok: boolean;
  error?: { code: string; message: string; details?: Array<{ field: string; message: string }> };
  [k: string]: unknown;
};

const OVER_LIMIT = 'x'.repeat(20_000);

describe('kiosk wire limits: every event, every transport, every framing', () => {
  let t: TestApp;
  const open: Array<{ close(): unknown }> = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { KIOSK_RATE_LIMIT_PER_SEC: '5', KIOSK_RATE_LIMIT_BURST: '10' } });
  });
  afterAll(async () => {
    for (const s of open) await s.close();
    await t.close();
  });

  const storedCount = (kioskId: number) => storedReadingCount(t.app.get(DataSource), kioskId);
  const joined = async (): Promise<{ k: RegisteredKiosk; socket: Socket }> => {
    const k = await registerKiosk(t);
    const socket = await connectKiosk(t, k);
    open.push(socket);
    expect(await emitWithAck<Ack>(socket, 'kiosk_join', {})).toMatchObject({ ok: true });
    return { k, socket };
  };
  const expectStillServing = async (socket: Socket, seq: number) => {
    expect(socket.connected).toBe(true);
    expect(await emitWithAck<Ack>(socket, 'kiosk_update', kioskUpdate(seq))).toEqual({ ok: true });
  };

  it('refuses a reading with a binary attachment as invalid_payload, stores nothing, keeps the socket', async () => {
    const { k, socket } = await joined();
    const reply = await emitWithAck<Ack>(socket, 'kiosk_update', {
      ...kioskUpdate(1),
      firmware_blob: Buffer.alloc(1024, 7),
    });
    expect(reply).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'invalid_payload',
        details: [{ field: '(payload)', message: 'must be JSON without binary attachments' }],
      }),
    });
    expect(await storedCount(k.id)).toBe(0);
    await expectStillServing(socket, 2);
    expect(await storedCount(k.id)).toBe(1);
  });

  it('closes the transport of a 900 KB binary attachment (over the engine bound) and stores nothing', async () => {
    const { k, socket } = await joined();
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    socket.emit('kiosk_update', { ...kioskUpdate(1), firmware_blob: Buffer.alloc(900_000, 7) });
    expect(await gone).toBe('transport close');
    expect(await storedCount(k.id)).toBe(0);
    const again = await connectKiosk(t, k);
    open.push(again);
    await emitWithAck(again, 'kiosk_join', {});
    await expectStillServing(again, 2);
  });

  it('measures each packet of a long-polling batch: an oversized one is refused, the next one stored', async () => {
    const k = await registerKiosk(t);
    const kiosk = await RawPollingKiosk.connect(t.baseUrl, k);
    open.push(kiosk);
    await kiosk.post(encodeEvent(1, 'kiosk_join', {}));
    expect(await kiosk.ack(1)).toMatchObject({ ok: true });
    // One POST: the oversized reading first, a small one last (the one a per-frame size would see).
    const status = await kiosk.post([
      ...encodeEvent(2, 'kiosk_update', kioskUpdate(2, { note: OVER_LIMIT })),
      ...encodeEvent(3, 'kiosk_update', kioskUpdate(3)),
    ]);
    expect(status).toBe(200);
    expect(await kiosk.ack(2)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'payload_too_large' }),
    });
    expect(await kiosk.ack(3)).toEqual({ ok: true });
    expect(await storedCount(k.id)).toBe(1);
    await kiosk.post(encodeEvent(4, 'kiosk_update', kioskUpdate(4)));
    expect(await kiosk.ack(4)).toEqual({ ok: true });
  });

  it('measures each of several WebSocket frames coalesced into one TCP write', async () => {
    const k = await registerKiosk(t);
    const kiosk = await RawWebSocketKiosk.connect(t.baseUrl, k);
    open.push(kiosk);
    kiosk.writeCoalesced(encodeEvent(1, 'kiosk_join', {}) as string[]);
    expect(await kiosk.ack(1)).toMatchObject({ ok: true });
    kiosk.writeCoalesced([
      ...(encodeEvent(2, 'kiosk_update', kioskUpdate(2, { note: OVER_LIMIT })) as string[]),
      ...(encodeEvent(3, 'kiosk_update', kioskUpdate(3)) as string[]),
    ]);
    expect(await kiosk.ack(2)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'payload_too_large' }),
    });
    expect(await kiosk.ack(3)).toEqual({ ok: true });
    expect(await storedCount(k.id)).toBe(1);
    expect(kiosk.open).toBe(true);
  });

  it.each([
    ['kiosk_join', { capabilities: { sensors: [], peripherals: [], features: [] }, pad: OVER_LIMIT }],
    [
      'kiosk_command_ack',
      {
        kiosk_id: 1,
        command: 'restart',
        status: 'success',
        timestamp: new Date().toISOString(),
        error: OVER_LIMIT,
      },
    ],
    [
      'kiosk_payment',
      {
        transaction_id: 'TX-BIG',
        amount: '1.00',
        currency: 'USD',
        method: 'card',
        status: 'completed',
        timestamp: new Date().toISOString(),
        items: [{ sku: OVER_LIMIT, qty: 1, unit_price: '1.00' }],
      },
    ],
  ])('answers an oversized %s with payload_too_large and keeps the socket', async (event, payload) => {
    const { socket } = await joined();
    expect(await emitWithAck<Ack>(socket, event, payload)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'payload_too_large' }),
    });
    await expectStillServing(socket, 1);
  });

  it.each(['kiosk_join', 'kiosk_command_ack', 'kiosk_payment'])(
    'rate-limits %s like kiosk_update, without disconnecting',
    async (event) => {
      const { socket } = await joined();
      // Invalid on purpose: what is counted is the message, not what it would have done.
      const replies = await Promise.all(
        Array.from({ length: 30 }, () => emitWithAck<Ack>(socket, event, { bogus: true })),
      );
      const limited = replies.filter((r) => r.error?.code === 'rate_limited').length;
      expect(limited).toBeGreaterThanOrEqual(15);
      expect(socket.connected).toBe(true);
      await new Promise((r) => setTimeout(r, 1000));
      await expectStillServing(socket, 1);
    },
  );

  it('answers kiosk_command_ack and kiosk_payment before kiosk_join with not_joined', async () => {
    const k = await registerKiosk(t);
    const socket = await connectKiosk(t, k);
    open.push(socket);
    const ack = await emitWithAck<Ack>(socket, 'kiosk_command_ack', {
      kiosk_id: k.id,
      command: 'restart',
      status: 'success',
      timestamp: new Date().toISOString(),
    });
    const payment = await emitWithAck<Ack>(socket, 'kiosk_payment', { transaction_id: 'TX-EARLY' });
    expect([ack.error?.code, payment.error?.code]).toEqual(['not_joined', 'not_joined']);
    await emitWithAck(socket, 'kiosk_join', {});
    await expectStillServing(socket, 1);
  });

  it('takes only a function as the ack: extra arguments get kiosk_error, and the server stays up', async () => {
    const { socket } = await joined();
    const error = new Promise((resolve) => socket.once('kiosk_error', resolve));
    socket.emit('kiosk_update', { bad: true }, 'not-a-callback');
    expect(await error).toEqual(expect.objectContaining({ code: 'invalid_payload' }));
    await expectStillServing(socket, 1);
  });

  it('keeps one live socket per kiosk: a second connection closes the first, the kiosk stays online', async () => {
    const { k, socket: first } = await joined();
    const replaced = new Promise<string>((resolve) => first.once('disconnect', resolve));
    const second = await connectKiosk(t, k);
    open.push(second);
    expect(await replaced).toBe('io server disconnect');
    await emitWithAck(second, 'kiosk_join', {});
    await expectStillServing(second, 1);
    const admin = await t.admin();
    for (let i = 0; i < 5; i++) {
      const state = await t.http().get(`${API}/kiosks/${k.id}/state`).set(admin.auth).expect(200);
      expect(state.body).toMatchObject({ status: 'online', connected: true });
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(first.connected).toBe(false);
  });

  it('refuses every connection to the root namespace with connect_error', async () => {
    const k = await registerKiosk(t);
    for (const auth of [{}, { serial: k.serial, secret: k.secret }]) {
      const socket = io(`${t.baseUrl}/`, {
        auth,
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      const error = await new Promise<Error>((resolve, reject) => {
        socket.once('connect_error', resolve);
        socket.once('connect', () => reject(new Error('the root namespace accepted a connection')));
      });
      socket.close();
      expect(error.message).toBe('Invalid namespace');
    }
  });

  it('still serves the /admin namespace', async () => {
    const feed = io(`${t.baseUrl}/admin`, {
      auth: { token: (await t.admin()).accessToken },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    open.push(feed);
    await eventually(async () => expect(feed.connected).toBe(true));
  });
});
