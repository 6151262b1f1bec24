import { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { Role } from '@app/contracts';
import {
  connectKiosk,
  emitWithAck,
  eventually,
  kioskUpdate,
  RegisteredKiosk,
  registerKiosk,
} from './support/kiosks';
import { API, startTestApp, TestApp } from './support/test-app';
import { storedReadingCount } from './support/telemetry-fixtures';

type Ack = {
  ok: boolean;
  error?: { code: string; message: string; details?: Array<{ field: string }> };
  [k: string]: unknown;
};

describe('kiosk gateway: handshake, join, telemetry, errors', () => {
  let t: TestApp;
  let k: RegisteredKiosk;
  let socket: Socket;
  const open: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { KIOSK_RATE_LIMIT_PER_SEC: '1000', KIOSK_RATE_LIMIT_BURST: '1000' } });
    k = await registerKiosk(t, { serial: 'SIM-KIOSK-001' });
    socket = await connectKiosk(t, k);
    open.push(socket);
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await t.close();
  });

  const storedCount = (kioskId: number) => storedReadingCount(t.app.get(DataSource), kioskId);

  it('refuses a wrong secret, an unknown serial and a missing auth with connect_error "unauthorized"', async () => {
    for (const auth of [{ serial: k.serial, secret: 'wrong' }, { serial: 'NOPE', secret: k.secret }, {}]) {
      await expect(connectKiosk(t, auth as { serial: string; secret: string })).rejects.toThrow(
        'unauthorized',
      );
    }
  });

  it('answers updates before kiosk_join with not_joined, then joins with the contract ack', async () => {
    const early = await emitWithAck<Ack>(socket, 'kiosk_update', kioskUpdate(1));
    expect(early).toEqual({ ok: false, error: expect.objectContaining({ code: 'not_joined' }) });
    const join = await emitWithAck<Ack>(socket, 'kiosk_join', {
      kiosk_id: k.id,
      serial: k.serial,
      capabilities: {
        sensors: ['temperature'],
        peripherals: ['printer', 'cash_acceptor', 'card_reader'],
        features: [],
      },
      firmware_version: '2.1.0',
    });
    expect(join).toEqual({
      ok: true,
      kiosk_id: k.id,
      server_time: expect.any(String),
      telemetry_interval_sec: 5,
    });
    expect(Math.abs(Date.parse(join.server_time as string) - Date.now())).toBeLessThan(5000);
  });

  it('refuses a join that claims another serial', async () => {
    const reply = await emitWithAck<Ack>(socket, 'kiosk_join', { serial: 'SOMEONE-ELSE', capabilities: {} });
    expect(reply.error?.code).toBe('serial_mismatch');
  });

  it('shows the kiosk connected and online in its state', async () => {
    const admin = await t.admin();
    await eventually(async () => {
      const s = await t.http().get(`${API}/kiosks/${k.id}/state`).set(admin.auth).expect(200);
      expect(s.body).toMatchObject({ connected: true, reporting: true, status: 'online' });
    });
  });

  it('stores acknowledged readings and shows the latest in state and telemetry', async () => {
    const admin = await t.admin();
    const base = Date.now() - 60_000;
    for (let seq = 1; seq <= 5; seq++) {
      const reply = await emitWithAck<Ack>(
        socket,
        'kiosk_update',
        kioskUpdate(
          seq,
          {
            kiosk_id: k.id,
            serial: k.serial,
            hardware: { cpu_temp: 50 + seq, cpu_usage: 41, ram_usage: 63.2, disk_usage: 71.9 },
          },
          new Date(base + seq * 1000),
        ),
      );
      expect(reply).toEqual({ ok: true });
    }
    expect(await storedCount(k.id)).toBe(5);
    await eventually(async () => {
      const s = await t.http().get(`${API}/kiosks/${k.id}/state`).set(admin.auth).expect(200);
      expect(s.body).toMatchObject({
        status: 'online',
        peripheralsOk: true,
        canSell: 'full',
        lastReading: {
          timestamp: new Date(base + 5000).toISOString(),
          hardware: { cpuTemp: 55 },
          network: { signalStrength: -61 },
        },
      });
      expect(Math.abs(s.body.clockSkewSec + 55)).toBeLessThan(10);
    });
    const raw = await t.http().get(`${API}/kiosks/${k.id}/telemetry`).set(admin.auth).expect(200);
    expect(raw.body.items.map((r: { seq: number }) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(raw.body.items[0]).toMatchObject({
      hardware: { cpuTemp: 51 },
      peripherals: { printerStatus: 'ready' },
    });
    const buckets = await t
      .http()
      .get(`${API}/kiosks/${k.id}/telemetry?bucket=1h`)
      .set(admin.auth)
      .expect(200);
    const total = buckets.body.items.reduce((n: number, b: { count: number }) => n + b.count, 0);
    expect(total).toBe(5);
  });

  it('stores a resent reading (same seq and timestamp) once and acks it as a duplicate', async () => {
    const at = new Date(Date.now() - 30_000);
    const first = await emitWithAck<Ack>(socket, 'kiosk_update', kioskUpdate(100, {}, at));
    const again = await emitWithAck<Ack>(socket, 'kiosk_update', kioskUpdate(100, {}, at));
    expect(first).toEqual({ ok: true });
    expect(again).toEqual({ ok: true, duplicate: true });
    const rows: Array<{ n: number }> = await t.app
      .get(DataSource)
      .query('SELECT count(*)::int AS n FROM telemetry WHERE kiosk_id = $1 AND seq = 100', [k.id]);
    expect(rows[0].n).toBe(1);
  });

  it('rejects every malformed payload precisely, stores none of them, and keeps the socket', async () => {
    const before = await storedCount(k.id);
    const bad: unknown[] = [
      'not json object',
      [1, 2],
      null,
      {
        ...kioskUpdate(undefined),
        serial: k.serial,
        environmental: { temperature: '24', humidity: 50, air_quality: 1 },
      },
      { ...kioskUpdate(undefined), serial: k.serial, hardware: [1, 2, 3] },
      { ...kioskUpdate(undefined), serial: k.serial, peripherals: { printer_status: 'exploded' } },
      { ...kioskUpdate(undefined), serial: k.serial, network: { latency: 1e9, signal_strength: -50 } },
      { ...kioskUpdate(undefined), serial: k.serial, timestamp: 'not a time' },
      { ...kioskUpdate(undefined), serial: k.serial, seq: -3 },
      { ...kioskUpdate(undefined), serial: k.serial, location: { lat: null, lng: 0 } },
      { ...kioskUpdate(undefined), serial: k.serial, name: 'x'.repeat(20_000) },
    ];
    for (const payload of bad) {
      const reply = await emitWithAck<Ack>(socket, 'kiosk_update', payload);
      expect(reply.ok).toBe(false);
      expect(['invalid_payload', 'payload_too_large']).toContain(reply.error?.code);
      if (reply.error?.code === 'invalid_payload') expect(reply.error.details?.length).toBeGreaterThan(0);
    }
    expect(socket.connected).toBe(true);
    expect(await storedCount(k.id)).toBe(before);
    // and the socket still works
    expect(await emitWithAck<Ack>(socket, 'kiosk_update', kioskUpdate(200))).toEqual({ ok: true });
  });

  it('refuses updates spoofing another serial, with the socket still up', async () => {
    const other = await registerKiosk(t);
    const reply = await emitWithAck<Ack>(socket, 'kiosk_update', kioskUpdate(2, { serial: other.serial }));
    expect(reply).toEqual({ ok: false, error: expect.objectContaining({ code: 'serial_mismatch' }) });
    expect(socket.connected).toBe(true);
  });

  it('answers a 100 KB message with payload_too_large and keeps the socket', async () => {
    const reply = await emitWithAck<Ack>(
      socket,
      'kiosk_update',
      kioskUpdate(3, { blob: 'x'.repeat(100_000) }),
    );
    expect(reply.error?.code).toBe('payload_too_large');
    expect(socket.connected).toBe(true);
  });

  it('measures the limit in bytes: 9,000 two-byte characters are too large, 14,000 ASCII ones are not', async () => {
    // 9,000 × 'é' is 9,000 characters but 18,000 bytes of UTF-8, over the 16 KB limit
    const wide = await emitWithAck<Ack>(socket, 'kiosk_update', kioskUpdate(30, { note: 'é'.repeat(9_000) }));
    expect(wide.error?.code).toBe('payload_too_large');
    const narrow = await emitWithAck<Ack>(
      socket,
      'kiosk_update',
      kioskUpdate(31, { note: 'e'.repeat(14_000) }),
    );
    expect(narrow).toEqual({ ok: true });
    expect(socket.connected).toBe(true);
  });

  it('sends kiosk_error when the kiosk asked for no acknowledgement', async () => {
    const got = new Promise((resolve) => socket.once('kiosk_error', resolve));
    socket.emit('kiosk_update', { ...kioskUpdate(4), environmental: { temperature: 'hot' } });
    expect(await got).toEqual(
      expect.objectContaining({ code: 'invalid_payload', details: expect.any(Array) }),
    );
  });

  it('drops the sockets of a kiosk whose secret is rotated; the old secret no longer connects', async () => {
    const admin = await t.admin();
    const r = await registerKiosk(t);
    const s = await connectKiosk(t, r);
    open.push(s);
    const closed = new Promise((resolve) => s.once('disconnect', resolve));
    const rotated = await t.http().post(`${API}/kiosks/${r.id}/rotate-secret`).set(admin.auth).expect(200);
    await closed;
    await expect(connectKiosk(t, r)).rejects.toThrow('unauthorized');
    const again = await connectKiosk(t, { serial: r.serial, secret: rotated.body.secret });
    open.push(again);
  });

  it('drops the sockets of a decommissioned kiosk and refuses it afterwards; it shows decommissioned', async () => {
    const admin = await t.admin();
    const d = await registerKiosk(t);
    const s = await connectKiosk(t, d);
    open.push(s);
    const closed = new Promise((resolve) => s.once('disconnect', resolve));
    await t.http().delete(`${API}/kiosks/${d.id}`).set(admin.auth).expect(204);
    await closed;
    await expect(connectKiosk(t, d)).rejects.toThrow('unauthorized');
    const state = await t.http().get(`${API}/kiosks/${d.id}/state`).set(admin.auth).expect(200);
    expect(state.body).toMatchObject({ status: 'decommissioned', connected: false });
  });

  it('marks a kiosk offline once its socket closes', async () => {
    const admin = await t.admin();
    const o = await registerKiosk(t);
    const s = await connectKiosk(t, o);
    await eventually(async () => {
      const st = await t.http().get(`${API}/kiosks/${o.id}`).set(admin.auth).expect(200);
      expect(st.body.status).toBe('online');
    });
    s.close();
    await eventually(async () => {
      const st = await t.http().get(`${API}/kiosks/${o.id}/state`).set(admin.auth).expect(200);
      expect(st.body).toMatchObject({ status: 'offline', connected: false });
    });
  });

  it('keeps viewers and operators out of kiosks not assigned to them on every kiosk route', async () => {
    const viewer = await t.userWithRole(Role.Viewer);
    for (const path of ['', '/state', '/qr'])
      await t.http().get(`${API}/kiosks/${k.id}${path}`).set(viewer.auth).expect(404);
  });
});

describe('kiosk gateway: per-kiosk rate limit', () => {
  it('rate-limits a flooding kiosk without disconnecting it or affecting others', async () => {
    // Passport keeps one global strategy per name, so two apps must not live in one process at once.
    const limited = await startTestApp({
      env: { KIOSK_RATE_LIMIT_PER_SEC: '5', KIOSK_RATE_LIMIT_BURST: '5' },
    });
    const open: Socket[] = [];
    try {
      const a = await registerKiosk(limited);
      const b = await registerKiosk(limited);
      const sa = await connectKiosk(limited, a);
      const sb = await connectKiosk(limited, b);
      open.push(sa, sb);
      await emitWithAck(sa, 'kiosk_join', {});
      await emitWithAck(sb, 'kiosk_join', {});
      const replies = await Promise.all(
        Array.from({ length: 20 }, () => emitWithAck<Ack>(sa, 'kiosk_update', { bad: true })),
      );
      const codes = replies.map((r) => r.error?.code);
      expect(codes.filter((c) => c === 'rate_limited').length).toBeGreaterThanOrEqual(14);
      expect(sa.connected).toBe(true);
      const fine = await emitWithAck<Ack>(sb, 'kiosk_update', { bad: true });
      expect(fine.error?.code).toBe('invalid_payload');
    } finally {
      for (const s of open) s.close();
      await limited.close();
    }
  });
});
