import { io, Socket } from 'socket.io-client';
import { Role } from '@app/contracts';
import { createTestDatabase } from '@app/database';
import { connectKiosk, emitWithAck, eventually, RegisteredKiosk, registerKiosk } from './support/kiosks';
import { API, freePort, Session, startTestApp, TestApp } from './support/test-app';

interface WireCommand {
  command_id: string;
  kiosk_id: number;
  command: string;
  params: Record<string, unknown>;
  timestamp: string;
  expires_at: string;
}
type Ack = { ok: boolean; duplicate?: boolean; command_id?: string; error?: { code: string } };

/** A kiosk that records the commands it receives. */
async function kioskSession(
  t: TestApp,
  k: RegisteredKiosk,
): Promise<{ socket: Socket; received: WireCommand[] }> {
  const socket = await connectKiosk(t, k);
  const received: WireCommand[] = [];
  socket.on('kiosk_command', (c: WireCommand) => received.push(c));
  await emitWithAck(socket, 'kiosk_join', {});
  return { socket, received };
}

const ack = (
  socket: Socket,
  c: { command_id?: string; command: string; kiosk_id: number },
  status: string,
  extra = {},
) =>
  emitWithAck<Ack>(socket, 'kiosk_command_ack', {
    ...c,
    status,
    timestamp: new Date().toISOString(),
    ...extra,
  });

describe('remote commands: lifecycle, delivery, acks, idempotency, expiry, cancel, maintenance', () => {
  let t: TestApp;
  let admin: Session;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.admin();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  const issue = (kioskId: number, body: Record<string, unknown>, auth = admin.auth, key?: string) => {
    const req = t.http().post(`${API}/kiosks/${kioskId}/commands`).set(auth);
    if (key) req.set('Idempotency-Key', key);
    return req.send(body);
  };
  const getCommand = async (id: string) =>
    (await t.http().get(`${API}/commands/${id}`).set(admin.auth).expect(200)).body;

  it('keeps a command for an offline kiosk pending, delivers it on join, and records every transition', async () => {
    const k = await registerKiosk(t);
    const res = await issue(k.id, { command: 'restart', params: { reason: 'frozen screen' } }).expect(202);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      status: 'pending',
      command: 'restart',
      kioskId: k.id,
      ttlSeconds: 120,
    });
    expect(res.headers.location).toBe(`/api/v1/commands/${res.body.id}`);
    await new Promise((r) => setTimeout(r, 300));
    expect((await getCommand(res.body.id)).status).toBe('pending');

    const { socket, received } = await kioskSession(t, k);
    sockets.push(socket);
    await eventually(async () => expect(received).toHaveLength(1));
    expect(received[0]).toEqual({
      command_id: res.body.id,
      kiosk_id: k.id,
      command: 'restart',
      params: { reason: 'frozen screen' },
      timestamp: expect.any(String),
      expires_at: res.body.expiresAt,
    });
    expect((await getCommand(res.body.id)).status).toBe('sent');
    expect(await ack(socket, received[0], 'processing')).toEqual({ ok: true, command_id: res.body.id });
    expect((await getCommand(res.body.id)).status).toBe('acknowledged');
    expect(await ack(socket, received[0], 'success')).toEqual({ ok: true, command_id: res.body.id });
    const done = await getCommand(res.body.id);
    expect(done.status).toBe('succeeded');
    expect(done.history.map((h: { from: string; to: string }) => `${h.from}>${h.to}`)).toEqual([
      'null>pending',
      'pending>sent',
      'sent>acknowledged',
      'acknowledged>succeeded',
    ]);
    // a repeated final ack changes nothing
    expect(await ack(socket, received[0], 'success')).toEqual({
      ok: true,
      command_id: res.body.id,
      duplicate: true,
    });
    expect((await getCommand(res.body.id)).history).toHaveLength(4);
  });

  it('delivers at once to a connected kiosk', async () => {
    const k = await registerKiosk(t);
    const { socket, received } = await kioskSession(t, k);
    sockets.push(socket);
    const res = await issue(k.id, { command: 'update', params: { version: '2.4.1' } }).expect(202);
    await eventually(async () => expect(received.map((c) => c.command_id)).toEqual([res.body.id]));
    await eventually(async () => expect((await getCommand(res.body.id)).status).toBe('sent'));
  });

  it('does not send again on join what the connection already got before joining', async () => {
    const k = await registerKiosk(t);
    const socket = await connectKiosk(t, k);
    sockets.push(socket);
    const received: WireCommand[] = [];
    socket.on('kiosk_command', (c: WireCommand) => received.push(c));
    // Connected, not yet joined: the command goes out on this socket at once.
    const res = await issue(k.id, { command: 'restart' }).expect(202);
    await eventually(async () => expect(received).toHaveLength(1));
    // The join redelivers the kiosk's unanswered commands, but not to the connection that has them.
    await emitWithAck(socket, 'kiosk_join', {});
    const marker = await issue(k.id, { command: 'unblock' }).expect(202);
    await eventually(async () => expect(received).toHaveLength(2));
    expect(received.map((c) => c.command_id)).toEqual([res.body.id, marker.body.id]);
    expect((await getCommand(res.body.id)).deliveries).toBe(1);
  });

  it('matches an ack without command_id to the oldest unanswered command of that name', async () => {
    const k = await registerKiosk(t);
    const first = await issue(k.id, { command: 'restart' }).expect(202);
    const second = await issue(k.id, { command: 'restart' }).expect(202);
    const { socket, received } = await kioskSession(t, k);
    sockets.push(socket);
    await eventually(async () => expect(received).toHaveLength(2));
    const r = await ack(socket, { command: 'restart', kiosk_id: k.id }, 'success');
    expect(r).toEqual({ ok: true, command_id: first.body.id });
    expect((await getCommand(first.body.id)).status).toBe('succeeded');
    expect((await getCommand(second.body.id)).status).toBe('sent');
  });

  it('answers unknown commands and ids with unknown_command, and bad acks with invalid_payload', async () => {
    const k = await registerKiosk(t);
    const { socket } = await kioskSession(t, k);
    sockets.push(socket);
    expect((await ack(socket, { command: 'self_destruct', kiosk_id: k.id }, 'success')).error?.code).toBe(
      'unknown_command',
    );
    const stranger = {
      command_id: '00000000-0000-4000-8000-000000000000',
      command: 'restart',
      kiosk_id: k.id,
    };
    expect((await ack(socket, stranger, 'success')).error?.code).toBe('unknown_command');
    expect((await ack(socket, { command: 'restart', kiosk_id: k.id }, 'done')).error?.code).toBe(
      'invalid_payload',
    );
    expect(socket.connected).toBe(true);
  });

  it('never lets a kiosk answer another kiosk’s command', async () => {
    const a = await registerKiosk(t);
    const b = await registerKiosk(t);
    const cmd = await issue(a.id, { command: 'restart' }).expect(202);
    const { socket } = await kioskSession(t, b);
    sockets.push(socket);
    expect(
      (await ack(socket, { command_id: cmd.body.id, command: 'restart', kiosk_id: b.id }, 'success')).error
        ?.code,
    ).toBe('unknown_command');
    expect((await getCommand(cmd.body.id)).status).toBe('pending');
  });

  it('applies acks that arrive together once each; a repeat sent in the same instant is a duplicate', async () => {
    const sessions = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const k = await registerKiosk(t);
        const session = await kioskSession(t, k);
        sockets.push(session.socket);
        const res = await issue(k.id, { command: 'restart' }).expect(202);
        return { ...session, id: res.body.id as string };
      }),
    );
    await eventually(async () => expect(sessions.every((s) => s.received.length === 1)).toBe(true));
    // Every kiosk answers at once, and the first one sends its success twice without waiting.
    const answers = await Promise.all([
      ...sessions.map((s) => ack(s.socket, s.received[0], 'success')),
      ack(sessions[0].socket, sessions[0].received[0], 'success'),
    ]);
    expect(answers.slice(1, 30)).toEqual(sessions.slice(1).map((s) => ({ ok: true, command_id: s.id })));
    expect([answers[0], answers[30]]).toEqual(
      expect.arrayContaining([
        { ok: true, command_id: sessions[0].id },
        { ok: true, command_id: sessions[0].id, duplicate: true },
      ]),
    );
    for (const s of sessions) {
      const done = await getCommand(s.id);
      expect(done.status).toBe('succeeded');
      expect(done.history.map((h: { to: string }) => h.to)).toEqual(['pending', 'sent', 'succeeded']);
    }
  });

  it('honours Idempotency-Key: same body → same command, another body → 422, per caller', async () => {
    const k = await registerKiosk(t);
    const one = await issue(k.id, { command: 'restart' }, admin.auth, 'key-1').expect(202);
    const again = await issue(k.id, { command: 'restart' }, admin.auth, 'key-1').expect(202);
    expect(again.body.id).toBe(one.body.id);
    const other = await issue(k.id, { command: 'block' }, admin.auth, 'key-1').expect(422);
    expect(other.body.message).toMatch(/Idempotency-Key/);
    const list = await t.http().get(`${API}/kiosks/${k.id}/commands`).set(admin.auth).expect(200);
    expect(list.body.items).toHaveLength(1);
    const bad = await issue(k.id, { command: 'restart' }, admin.auth, 'x'.repeat(256)).expect(400);
    expect(bad.body.details).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
  });

  it('expires a command nobody answered within its TTL, and does not deliver it afterwards', async () => {
    const k = await registerKiosk(t);
    const res = await issue(k.id, { command: 'restart', ttlSeconds: 5 }).expect(202);
    await eventually(async () => expect((await getCommand(res.body.id)).status).toBe('expired'), 9000, 250);
    const c = await getCommand(res.body.id);
    expect(Date.parse(c.completedAt) - Date.parse(c.expiresAt)).toBeLessThan(5000);
    const { socket, received } = await kioskSession(t, k);
    sockets.push(socket);
    await new Promise((r) => setTimeout(r, 300));
    expect(received).toEqual([]);
  });

  it('cancels a command not yet final (then 422), which is then never delivered', async () => {
    const k = await registerKiosk(t);
    const res = await issue(k.id, { command: 'restart' }).expect(202);
    const cancelled = await t
      .http()
      .post(`${API}/commands/${res.body.id}/cancel`)
      .set(admin.auth)
      .expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    await t.http().post(`${API}/commands/${res.body.id}/cancel`).set(admin.auth).expect(422);
    const { socket, received } = await kioskSession(t, k);
    sockets.push(socket);
    await new Promise((r) => setTimeout(r, 300));
    expect(received).toEqual([]);
  });

  it('validates the command and its params', async () => {
    const k = await registerKiosk(t);
    const bad = await issue(k.id, { command: 'explode' }).expect(400);
    expect(bad.body.details[0].field).toBe('command');
    const params = await issue(k.id, { command: 'update', params: { versoin: '1' } }).expect(400);
    expect(params.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'params.version',
      'params.versoin',
    ]);
    await issue(k.id, { command: 'restart', ttlSeconds: 2 }).expect(400);
    await issue(999999, { command: 'restart' }).expect(404);
  });

  it('applies block and maintenance to the kiosk status, holds other commands during maintenance, unblock releases', async () => {
    const k = await registerKiosk(t);
    const { socket, received } = await kioskSession(t, k);
    sockets.push(socket);
    const statusOf = async () =>
      (await t.http().get(`${API}/kiosks/${k.id}`).set(admin.auth).expect(200)).body.status;
    const run = async (command: string, params = {}) => {
      const res = await issue(k.id, { command, params }).expect(202);
      await eventually(async () => expect(received.map((c) => c.command_id)).toContain(res.body.id));
      const wire = received.find((c) => c.command_id === res.body.id) as WireCommand;
      await ack(socket, wire, 'success');
      return res.body.id as string;
    };
    await run('block', { reason: 'vandalism' });
    await eventually(async () => expect(await statusOf()).toBe('blocked'));
    await run('unblock');
    await eventually(async () => expect(await statusOf()).toBe('online'));
    await run('maintenance');
    await eventually(async () => expect(await statusOf()).toBe('maintenance'));

    const held = await issue(k.id, { command: 'update', params: { version: '9.9.9' } }).expect(202);
    await new Promise((r) => setTimeout(r, 400));
    const heldState = await getCommand(held.body.id);
    expect(heldState).toMatchObject({ status: 'pending', holdReason: expect.stringMatching(/maintenance/) });
    expect(received.map((c) => c.command_id)).not.toContain(held.body.id);
    await run('restart'); // urgent: delivered even in maintenance
    await run('unblock');
    await eventually(async () => expect(received.map((c) => c.command_id)).toContain(held.body.id));
    await eventually(async () =>
      expect(await getCommand(held.body.id)).toMatchObject({ status: 'sent', holdReason: null }),
    );
  });

  it('lets operators command only their kiosks and viewers none', async () => {
    const op = await t.userWithRole(Role.Operator);
    const viewer = await t.userWithRole(Role.Viewer);
    const mine = await registerKiosk(t);
    const theirs = await registerKiosk(t);
    await t.http().post(`${API}/kiosks/assign`).set(op.auth).send({ code: mine.code }).expect(200);
    await t.http().post(`${API}/kiosks/assign`).set(viewer.auth).send({ code: theirs.code }).expect(200);
    const c = await issue(mine.id, { command: 'restart' }, op.auth).expect(202);
    await issue(theirs.id, { command: 'restart' }, op.auth).expect(404);
    await issue(theirs.id, { command: 'restart' }, viewer.auth).expect(403);
    await t.http().get(`${API}/commands/${c.body.id}`).set(viewer.auth).expect(404);
    await t.http().get(`${API}/kiosks/${mine.id}/commands`).set(viewer.auth).expect(404);
    await t.http().get(`${API}/kiosks/${mine.id}/commands`).set(op.auth).expect(200);
    await t.http().post(`${API}/commands/${c.body.id}/cancel`).set(viewer.auth).expect(403);
  });
});

describe('remote commands survive a server restart between issue and ack', () => {
  it('redelivers the sent command after the restart and applies a repeated ack once', async () => {
    // A port the OS just handed out (a fixed one may sit in the range used for outgoing connections).
    const port = await freePort();
    const db = await createTestDatabase();
    const databaseUrl = db.url;
    let t = await startTestApp({ port, databaseUrl, keepRedis: true });
    const k = await registerKiosk(t);
    const received: WireCommand[] = [];
    const socket = io(`http://127.0.0.1:${port}/kiosks`, {
      auth: { serial: k.serial, secret: k.secret },
      transports: ['websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
    });
    socket.on('connect', () => void socket.emitWithAck('kiosk_join', {}));
    socket.on('kiosk_command', (c: WireCommand) => received.push(c));
    try {
      await eventually(async () => expect(socket.connected).toBe(true));
      const admin = await t.admin();
      const res = await t
        .http()
        .post(`${API}/kiosks/${k.id}/commands`)
        .set(admin.auth)
        .send({ command: 'restart' })
        .expect(202);
      await eventually(async () => expect(received).toHaveLength(1));

      // the instance goes down before the kiosk answers; a new one comes up on the same address and database
      const closing = t.close();
      await closing;
      t = await startTestApp({ port, databaseUrl, keepRedis: false });
      await eventually(async () => expect(received).toHaveLength(2), 15_000);
      expect(received[1].command_id).toBe(res.body.id);

      await socket.timeout(5000).emitWithAck('kiosk_command_ack', {
        ...received[1],
        status: 'success',
        timestamp: new Date().toISOString(),
      });
      const repeat = await socket.timeout(5000).emitWithAck('kiosk_command_ack', {
        ...received[0],
        status: 'success',
        timestamp: new Date().toISOString(),
      });
      expect(repeat).toMatchObject({ ok: true, duplicate: true });
      const after = await t
        .http()
        .get(`${API}/commands/${res.body.id}`)
        .set((await t.admin()).auth)
        .expect(200);
      expect(after.body.status).toBe('succeeded');
      expect(after.body.deliveries).toBe(2);
      expect(after.body.history.filter((h: { to: string }) => h.to === 'succeeded')).toHaveLength(1);
    } finally {
      socket.close();
      await t.close();
      await db.drop();
    }
  }, 60_000);
});
