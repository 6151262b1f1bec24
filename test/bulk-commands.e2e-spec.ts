import { randomBytes } from 'node:crypto';
import { Socket } from 'socket.io-client';
import { BulkFanOutRecovery } from '@app/command';
import { CommandsJob, QueueName, Role } from '@app/contracts';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import {
  connectKiosk,
  emitWithAck,
  eventually,
  kioskUpdate,
  RegisteredKiosk,
  registerKiosk,
} from './support/kiosks';
import { API, startTestApp, TestApp } from './support/test-app';

describe('bulk commands fanned out by the worker', () => {
  let t: TestApp;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({ withWorker: true });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  it('sends one command per tagged kiosk: delivered to the connected ones, pending for the rest', async () => {
    const admin = await t.admin();
    const kiosks: RegisteredKiosk[] = [];
    for (let i = 0; i < 30; i++) kiosks.push(await registerKiosk(t, { tags: ['bulk-station'] }));
    await registerKiosk(t, { tags: ['elsewhere'] });
    const received = new Map<number, string[]>();
    for (const k of kiosks.slice(0, 10)) {
      const s = await connectKiosk(t, k);
      sockets.push(s);
      received.set(k.id, []);
      s.on('kiosk_command', (c: { command_id: string }) => received.get(k.id)?.push(c.command_id));
      await emitWithAck(s, 'kiosk_join', {});
    }
    const res = await t
      .http()
      .post(`${API}/commands/bulk`)
      .set(admin.auth)
      .send({ command: 'restart', params: { reason: 'nightly' }, tag: 'bulk-station' })
      .expect(202);
    expect(res.body).toEqual({ batchId: expect.any(String), count: 30 });
    await eventually(async () => {
      const p = await t.http().get(`${API}/commands/bulk/${res.body.batchId}`).set(admin.auth).expect(200);
      expect(p.body).toMatchObject({
        count: 30,
        created: 30,
        byStatus: { sent: 10, pending: 20 },
        fannedOutAt: expect.any(String),
      });
    }, 15_000);
    for (const ids of received.values()) expect(ids).toHaveLength(1);
  });

  it('claims for many kiosks at once and still holds per kiosk: maintenance, payment session', async () => {
    const admin = await t.admin();
    const [plain, inMaintenance, inSession] = [
      await registerKiosk(t),
      await registerKiosk(t),
      await registerKiosk(t),
    ];
    const received = new Map<number, Array<{ command_id: string; command: string }>>();
    const socketOf = new Map<number, Socket>();
    for (const k of [plain, inMaintenance, inSession]) {
      const s = await connectKiosk(t, k);
      sockets.push(s);
      socketOf.set(k.id, s);
      received.set(k.id, []);
      s.on('kiosk_command', (c: { command_id: string; command: string }) => received.get(k.id)?.push(c));
      await emitWithAck(s, 'kiosk_join', {});
    }
    const maintenance = await t
      .http()
      .post(`${API}/kiosks/${inMaintenance.id}/commands`)
      .set(admin.auth)
      .send({ command: 'maintenance' })
      .expect(202);
    await eventually(async () => expect(received.get(inMaintenance.id)).toHaveLength(1));
    await emitWithAck(socketOf.get(inMaintenance.id) as Socket, 'kiosk_command_ack', {
      command_id: maintenance.body.id,
      kiosk_id: inMaintenance.id,
      command: 'maintenance',
      status: 'success',
      timestamp: new Date().toISOString(),
    });
    await emitWithAck(socketOf.get(inSession.id) as Socket, 'kiosk_update', {
      ...kioskUpdate(1),
      session: { active: true },
    });
    await eventually(async () => {
      const [m, s] = await Promise.all([
        t.http().get(`${API}/kiosks/${inMaintenance.id}`).set(admin.auth).expect(200),
        t.app
          .get(DataSource)
          .query(`SELECT active FROM kiosk_payment_sessions WHERE kiosk_id = $1`, [inSession.id]),
      ]);
      expect(m.body.status).toBe('maintenance');
      expect(s[0]?.active).toBe(true);
    });

    const res = await t
      .http()
      .post(`${API}/commands/bulk`)
      .set(admin.auth)
      .send({
        command: 'update',
        params: { version: '3.1.4' },
        kioskIds: [plain.id, inMaintenance.id, inSession.id],
      })
      .expect(202);
    await eventually(async () => {
      const p = await t.http().get(`${API}/commands/bulk/${res.body.batchId}`).set(admin.auth).expect(200);
      expect(p.body.byStatus).toMatchObject({ sent: 1, pending: 2 });
    });
    expect(received.get(plain.id)?.map((c) => c.command)).toEqual(['update']);
    const held = await t.app
      .get(DataSource)
      .query(
        `SELECT kiosk_id, status, hold_reason FROM kiosk_commands WHERE batch_id = $1 ORDER BY kiosk_id`,
        [res.body.batchId],
      );
    expect(held).toEqual([
      { kiosk_id: plain.id, status: 'sent', hold_reason: null },
      { kiosk_id: inMaintenance.id, status: 'pending', hold_reason: 'held: the kiosk is in maintenance' },
      {
        kiosk_id: inSession.id,
        status: 'pending',
        hold_reason: 'held: a payment session is open on the kiosk',
      },
    ]);
    expect(received.get(inMaintenance.id)).toHaveLength(1);
    expect(received.get(inSession.id)).toHaveLength(0);
  });

  it('re-enqueues the fan-out of a batch whose job was lost, once, and leaves one whose job is still queued', async () => {
    const admin = await t.admin();
    const kiosks = [await registerKiosk(t), await registerKiosk(t)];
    const db = t.app.get(DataSource);
    const recovery = t.app.get(BulkFanOutRecovery, { strict: false });
    // As if Redis lost the job (or the API died before enqueuing it): the batch is only in PostgreSQL.
    const [lost] = (await db.query(
      `INSERT INTO command_batches (command, params, target, kiosk_ids, ttl_seconds, count, created_at)
       VALUES ('restart', '{}', '{"kioskIds":[]}', $1::int[], 300, 2, now() - interval '2 minutes') RETURNING id`,
      [kiosks.map((k) => k.id)],
    )) as { id: string }[];
    const [queued] = (await db.query(
      `INSERT INTO command_batches (command, params, target, kiosk_ids, ttl_seconds, count, created_at)
       VALUES ('restart', '{}', '{"kioskIds":[]}', $1::int[], 300, 2, now() - interval '2 minutes') RETURNING id`,
      [kiosks.map((k) => k.id)],
    )) as { id: string }[];
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Commands), { strict: false });
    const waiting = await queue.add(
      CommandsJob.FanOutBulkCommand,
      { batchId: queued.id },
      { jobId: queued.id, delay: 3600_000 },
    );
    expect(await recovery.sweep(30)).toBe(1);
    await eventually(async () => {
      const p = await t.http().get(`${API}/commands/bulk/${lost.id}`).set(admin.auth).expect(200);
      expect(p.body).toMatchObject({ count: 2, created: 2, fannedOutAt: expect.any(String) });
    }, 15_000);
    // Fanned out now: nothing to recover, and no kiosk got it twice.
    expect(await recovery.sweep(30)).toBe(0);
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM kiosk_commands WHERE batch_id = $1`, [
      lost.id,
    ])) as { n: number }[];
    expect(n).toBe(2);
    await waiting.remove();
  });

  it('validates the target: exactly one of kioskIds or tag, and only kiosks the caller may see', async () => {
    const admin = await t.admin();
    const op = await t.userWithRole(Role.Operator);
    const mine = await registerKiosk(t);
    const other = await registerKiosk(t);
    await t.http().post(`${API}/kiosks/assign`).set(op.auth).send({ code: mine.code }).expect(200);
    await t.http().post(`${API}/commands/bulk`).set(admin.auth).send({ command: 'restart' }).expect(400);
    await t
      .http()
      .post(`${API}/commands/bulk`)
      .set(admin.auth)
      .send({ command: 'restart', kioskIds: [mine.id], tag: 'x' })
      .expect(400);
    await t
      .http()
      .post(`${API}/commands/bulk`)
      .set(op.auth)
      .send({ command: 'restart', kioskIds: [mine.id, other.id] })
      .expect(404);
    const ok = await t
      .http()
      .post(`${API}/commands/bulk`)
      .set(op.auth)
      .send({ command: 'restart', kioskIds: [mine.id] })
      .expect(202);
    expect(ok.body.count).toBe(1);
    const viewer = await t.userWithRole(Role.Viewer);
    await t
      .http()
      .post(`${API}/commands/bulk`)
      .set(viewer.auth)
      .send({ command: 'restart', kioskIds: [mine.id] })
      .expect(403);
    await t.http().get(`${API}/commands/bulk/${ok.body.batchId}`).set(viewer.auth).expect(404);
    await t.http().get(`${API}/commands/bulk/${ok.body.batchId}`).set(op.auth).expect(200);
  });
});

describe('commands across two instances', () => {
  const prefix = `test:cmd2-${randomBytes(3).toString('hex')}:`;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ env: { REDIS_KEY_PREFIX: prefix }, keepRedis: true });
    b = await startTestApp({ env: { REDIS_KEY_PREFIX: prefix }, databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('delivers a command issued on instance B to the kiosk connected to instance A', async () => {
    const k = await registerKiosk(a);
    const socket = await connectKiosk(a, k);
    const received: Array<{ command_id: string }> = [];
    socket.on('kiosk_command', (c: { command_id: string }) => received.push(c));
    await emitWithAck(socket, 'kiosk_join', {});
    try {
      const res = await b
        .http()
        .post(`${API}/kiosks/${k.id}/commands`)
        .set((await b.admin()).auth)
        .send({ command: 'restart' })
        .expect(202);
      await eventually(async () => expect(received.map((c) => c.command_id)).toEqual([res.body.id]));
      const got = await b
        .http()
        .get(`${API}/commands/${res.body.id}`)
        .set((await b.admin()).auth)
        .expect(200);
      expect(got.body.status).toBe('sent');
    } finally {
      socket.close();
    }
  });
});
