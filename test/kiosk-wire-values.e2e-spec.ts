import { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { connectKiosk, emitWithAck, kioskUpdate, RegisteredKiosk, registerKiosk } from './support/kiosks';
import { encodeEvent, RawWebSocketKiosk } from './support/raw-socket-io';
import { startTestApp, TestApp } from './support/test-app';
import { storedReadingCount } from './support/telemetry-fixtures';

/*
 * CONTRACT.md §5 "Wire validation" and §8: a value the store cannot hold is `invalid_payload` at
 * validation (never `overloaded`, which would make the kiosk resend it forever), and the unknown
 * fields kept in `extra` are bounded. Each refusal stores nothing and leaves the socket serving.
 */

type Ack = {
  ok: boolean;
  error?: { code: string; message: string; details?: Array<{ field: string; message: string }> };
  [k: string]: unknown;
};

describe('kiosk wire values: only what the store can hold, extra bounded', () => {
  let t: TestApp;
  const open: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      env: { KIOSK_EXTRA_MAX_KEYS: '50', KIOSK_EXTRA_MAX_DEPTH: '4', KIOSK_EXTRA_MAX_BYTES: '4096' },
    });
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await t.close();
  });

  const storedCount = (kioskId: number) => storedReadingCount(t.app.get(DataSource), kioskId);
  const joined = async (): Promise<{ k: RegisteredKiosk; socket: Socket }> => {
    const k = await registerKiosk(t);
    const socket = await connectKiosk(t, k);
    open.push(socket);
    await emitWithAck(socket, 'kiosk_join', {});
    return { k, socket };
  };
  /** Sends `payload` as a reading: refused as invalid_payload naming `field`, nothing stored, socket serving. */
  const expectRefusedReading = async (payload: unknown, field: string): Promise<Ack> => {
    const { k, socket } = await joined();
    const reply = await emitWithAck<Ack>(socket, 'kiosk_update', payload);
    expect(reply.ok).toBe(false);
    expect(reply.error?.code).toBe('invalid_payload');
    expect(reply.error?.details?.map((d) => d.field)).toContain(field);
    expect(await storedCount(k.id)).toBe(0);
    expect(socket.connected).toBe(true);
    expect(await emitWithAck<Ack>(socket, 'kiosk_update', kioskUpdate(99))).toEqual({ ok: true });
    expect(await storedCount(k.id)).toBe(1);
    return reply;
  };
  const withLocation = (accuracy: number) =>
    kioskUpdate(1, { location: { lat: -34.6, lng: -58.38, accuracy } });

  it('refuses location.accuracy 1e39 (beyond float4) as invalid_payload, not overloaded', async () => {
    const reply = await expectRefusedReading(withLocation(1e39), 'location.accuracy');
    // Refused by the wire's validation, not set aside later by the telemetry store (which would
    // answer invalid_payload too, after a trip through the batch writer).
    expect(reply.error?.details).toEqual([
      { field: 'location.accuracy', message: 'must fit a 32-bit float (at most about 3.4e38)' },
    ]);
  });

  it('refuses a number JSON reads as Infinity (1e999) in extra', async () => {
    const k = await registerKiosk(t);
    const kiosk = await RawWebSocketKiosk.connect(t.baseUrl, k);
    try {
      kiosk.writeCoalesced(encodeEvent(1, 'kiosk_join', {}) as string[]);
      await kiosk.ack(1);
      // socket.io-client would send Infinity as null: the number's text is written by hand.
      const reading = JSON.stringify(kioskUpdate(2, { counter: 0 })).replace(
        '"counter":0',
        '"counter":1e999',
      );
      kiosk.writeCoalesced([`2/kiosks,2["kiosk_update",${reading}]`]);
      const reply = await kiosk.ack(2);
      expect(reply.error?.code).toBe('invalid_payload');
      expect(reply.error?.details).toEqual([{ field: 'counter', message: 'must be a finite number' }]);
      kiosk.writeCoalesced(encodeEvent(3, 'kiosk_update', kioskUpdate(3)) as string[]);
      expect(await kiosk.ack(3)).toEqual({ ok: true });
      expect(await storedCount(k.id)).toBe(1);
    } finally {
      kiosk.close();
    }
  });

  it('refuses \\u0000 in an unknown field (extra)', async () => {
    await expectRefusedReading(kioskUpdate(1, { firmware_note: 'before\u0000after' }), 'firmware_note');
  });

  it('refuses \\u0000 in the name of an unknown field inside a section', async () => {
    const update = kioskUpdate(1);
    await expectRefusedReading(
      { ...update, hardware: { ...update.hardware, ['fan\u0000rpm']: 1200 } },
      'hardware.fan\u0000rpm',
    );
  });

  it('refuses a lone surrogate in extra', async () => {
    await expectRefusedReading(kioskUpdate(1, { tags: ['ok', 'half \ud800 a pair'] }), 'tags.1');
  });

  it('refuses extra nested deeper than KIOSK_EXTRA_MAX_DEPTH', async () => {
    await expectRefusedReading(
      kioskUpdate(1, { deep: { a: { b: { c: { d: { e: 1 } } } } } }),
      'deep.a.b.c.d',
    );
  });

  it('refuses extra with more keys than KIOSK_EXTRA_MAX_KEYS', async () => {
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i]));
    await expectRefusedReading(kioskUpdate(1, { many }), 'extra');
  });

  it('refuses extra over KIOSK_EXTRA_MAX_BYTES (a message still under 16 KB)', async () => {
    await expectRefusedReading(kioskUpdate(1, { log: 'x'.repeat(5000) }), 'extra');
  });

  it('keeps extra within its bounds, as sent', async () => {
    const { k, socket } = await joined();
    const sent = { firmware_build: 'b-42', diag: { fans: [1200, 1180], ok: true, note: 'ñandú ✓' } };
    expect(await emitWithAck<Ack>(socket, 'kiosk_update', kioskUpdate(1, sent))).toEqual({ ok: true });
    const rows: Array<{ extra: unknown }> = await t.app
      .get(DataSource)
      .query('SELECT extra FROM telemetry WHERE kiosk_id = $1', [k.id]);
    expect(rows).toEqual([{ extra: sent }]);
  });

  it.each([
    ['kiosk_join', 'firmware_version', { firmware_version: '2.0\u0000' }],
    [
      'kiosk_command_ack',
      'error',
      {
        kiosk_id: 1,
        command: 'restart',
        status: 'error',
        error: 'fan \ud800',
        timestamp: new Date().toISOString(),
      },
    ],
    [
      'kiosk_payment',
      'transaction_id',
      {
        transaction_id: 'TX-\u0000',
        amount: '1.00',
        currency: 'USD',
        method: 'cash',
        status: 'completed',
        timestamp: new Date().toISOString(),
      },
    ],
    [
      'kiosk_payment',
      'items.0.sku',
      {
        transaction_id: 'TX-ITEMS',
        amount: '1.00',
        currency: 'USD',
        method: 'cash',
        status: 'completed',
        timestamp: new Date().toISOString(),
        items: [{ sku: 'A\ud800', qty: 1, unit_price: '1.00' }],
      },
    ],
  ])('refuses a %s whose %s holds a string the store cannot hold', async (event, field, payload) => {
    const { socket } = await joined();
    const reply = await emitWithAck<Ack>(socket, event, payload);
    expect(reply.error?.code).toBe('invalid_payload');
    expect(reply.error?.details?.map((d) => d.field)).toContain(field);
    expect(await emitWithAck<Ack>(socket, 'kiosk_update', kioskUpdate(1))).toEqual({ ok: true });
  });
});
