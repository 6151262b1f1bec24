import { randomBytes, randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { EventBus } from '@nestjs/cqrs';
import Redis from 'ioredis';
import { io, Socket } from 'socket.io-client';
import { CommandSnapshot, KioskCommandUpdatedEvent, Role } from '@app/contracts';
import { AdminFeedAudience } from '@app/platform';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { connectKiosk, emitWithAck, eventually, kioskUpdate, registerKiosk } from './support/kiosks';
import { API, closeTwoInstances, startTwoInstances, TEST_REDIS_URL, TestApp } from './support/test-app';

/*
 * SOCKET_IO_ADAPTER=sharded (Redis >= 7 sharded pub/sub): two API instances of one deployment and a
 * worker, as in production, with both namespaces going through SSUBSCRIBE/SPUBLISH only. What the
 * adapter carries between instances must still arrive: feed events, room operations (disconnects,
 * feed room moves), server-side emits (one socket per kiosk), and the worker's feed events.
 */

interface Received {
  event: string;
  payload: { kioskId?: number; id?: string; status?: string } & Record<string, unknown>;
}

function connectFeed(t: TestApp, token: string): Promise<{ socket: Socket; received: Received[] }> {
  const socket = io(`${t.baseUrl}/admin`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const received: Received[] = [];
  socket.onAny((event: string, payload: Received['payload']) => received.push({ event, payload }));
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve({ socket, received }));
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
}

const disconnected = (s: Socket, withinMs = 5000) =>
  new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${withinMs} ms`)), withinMs);
    s.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });

describe('SOCKET_IO_ADAPTER=sharded: two API instances and a worker on one Redis', () => {
  const prefix = `test:sharded-${randomBytes(3).toString('hex')}:`;
  const env = { REDIS_KEY_PREFIX: prefix, SOCKET_IO_ADAPTER: 'sharded' };
  let a: TestApp;
  let b: TestApp;
  const open: Socket[] = [];
  const track = <T extends Socket | { socket: Socket }>(s: T): T => {
    open.push('socket' in s ? s.socket : s);
    return s;
  };

  beforeAll(async () => {
    [a, b] = await startTwoInstances(env);
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await closeTwoInstances(a, b, prefix);
  });

  it('delivers a command issued on A to a kiosk on B, and an admin feed on A sees it sent (from B)', async () => {
    const k = await registerKiosk(a);
    const admin = await a.admin();
    const feed = track(await connectFeed(a, admin.accessToken));
    const kiosk = track(await connectKiosk(b, k));
    const commands: Array<{ command_id: string; command: string }> = [];
    kiosk.on('kiosk_command', (c: { command_id: string; command: string }) => commands.push(c));
    await emitWithAck(kiosk, 'kiosk_join', {});

    const issued = await a
      .http()
      .post(`${API}/kiosks/${k.id}/commands`)
      .set(admin.auth)
      .send({ command: 'restart' })
      .expect(202);
    await eventually(async () =>
      expect(commands).toEqual([expect.objectContaining({ command_id: issued.body.id, command: 'restart' })]),
    );
    // `pending` is emitted on A, `sent` on B (the instance holding the socket claims it).
    await eventually(async () =>
      expect(
        feed.received
          .filter((r) => r.event === 'command_updated' && r.payload.id === issued.body.id)
          .map((r) => r.payload.status),
      ).toEqual(['pending', 'sent']),
    );
  });

  it('shows a feed on B the reading a kiosk on A had acknowledged, and its status', async () => {
    const k = await registerKiosk(b);
    const feed = track(await connectFeed(b, (await b.admin()).accessToken));
    await eventually(async () => expect(a.app.get(AdminFeedAudience).anyone).toBe(true));
    const kiosk = track(await connectKiosk(a, k));
    await emitWithAck(kiosk, 'kiosk_join', {});
    const ack = await emitWithAck(kiosk, 'kiosk_update', {
      ...kioskUpdate(1, { environmental: { temperature: 31.5, humidity: 40, air_quality: 20 } }),
    });
    expect(ack).toEqual({ ok: true });
    await eventually(async () => {
      const about = feed.received.filter((r) => r.payload.kioskId === k.id);
      expect(about.map((r) => r.event)).toEqual(expect.arrayContaining(['kiosk_status', 'kiosk_telemetry']));
      expect(about.find((r) => r.event === 'kiosk_telemetry')?.payload).toMatchObject({
        kioskId: k.id,
        reading: { environmental: { temperature: 31.5 } },
      });
    });
  });

  it('closes the older socket of a kiosk on the other instance (server-side emit + remote disconnect)', async () => {
    const k = await registerKiosk(a);
    const first = track(await connectKiosk(a, k));
    await emitWithAck(first, 'kiosk_join', {});
    const replaced = disconnected(first);
    const second = track(await connectKiosk(b, k));
    expect(await replaced).toBe('io server disconnect');
    await emitWithAck(second, 'kiosk_join', {});
    expect(await emitWithAck(second, 'kiosk_update', kioskUpdate(1))).toEqual({ ok: true });
  });

  it('closes a session’s feed sockets on both instances at logout (room disconnect across instances)', async () => {
    const user = await a.userWithRole(Role.Operator);
    const onA = track(await connectFeed(a, user.accessToken));
    const onB = track(await connectFeed(b, user.accessToken));
    const reasons = [disconnected(onA.socket), disconnected(onB.socket)];
    await a
      .http()
      .post(`${API}/auth/logout`)
      .set(user.auth)
      .send({ refreshToken: user.refreshToken })
      .expect(204);
    expect(await Promise.all(reasons)).toEqual(['io server disconnect', 'io server disconnect']);
  });

  it('moves feed rooms across instances: an operator on B gets a kiosk assigned through A, then its events', async () => {
    const k = await registerKiosk(a);
    const operator = await a.userWithRole(Role.Operator);
    const opOnB = track(await connectFeed(b, operator.accessToken));
    const kiosk = track(await connectKiosk(a, k));
    await emitWithAck(kiosk, 'kiosk_join', {});
    expect(await emitWithAck(kiosk, 'kiosk_update', kioskUpdate(1))).toEqual({ ok: true });
    await new Promise((r) => setTimeout(r, 1100)); // past the feed's 1 s per kiosk throttle
    expect(opOnB.received.filter((r) => r.payload.kioskId === k.id)).toEqual([]);

    // A handles the assignment and joins B's socket to the kiosk's room (socketsJoin via Redis).
    await a
      .http()
      .post(`${API}/kiosks/assign`)
      .set((await a.admin()).auth)
      .send({ code: k.code, userId: operator.id })
      .expect(200);
    await eventually(
      async () => {
        expect(await emitWithAck(kiosk, 'kiosk_update', kioskUpdate(Date.now()))).toEqual({ ok: true });
        expect(opOnB.received.filter((r) => r.payload.kioskId === k.id).map((r) => r.event)).toContain(
          'kiosk_telemetry',
        );
      },
      10_000,
      1_100,
    );
  });

  it('delivers what the worker publishes (sharded emitter) to the rooms it names, on both instances', async () => {
    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(a.config), {
      logger: false,
    });
    await worker.init();
    try {
      const k = await registerKiosk(b);
      const adminOnA = track(await connectFeed(a, (await a.admin()).accessToken));
      const adminOnB = track(await connectFeed(b, (await b.admin()).accessToken));
      const operator = await b.userWithRole(Role.Operator);
      const opOnB = track(await connectFeed(b, operator.accessToken));
      const command: CommandSnapshot = {
        id: randomUUID(),
        kioskId: k.id,
        command: 'restart',
        status: 'pending',
        at: new Date(),
      };
      worker.get(EventBus).publish(new KioskCommandUpdatedEvent(command, null));
      const expected = [{ event: 'command_updated', payload: { ...command, at: command.at.toISOString() } }];
      await eventually(async () => {
        expect(adminOnA.received.filter((r) => r.payload.kioskId === k.id)).toEqual(expected);
        expect(adminOnB.received.filter((r) => r.payload.kioskId === k.id)).toEqual(expected);
      });
      await new Promise((r) => setTimeout(r, 300));
      // Once each, and not to an operator the kiosk is not assigned to.
      expect(adminOnA.received.filter((r) => r.payload.kioskId === k.id)).toHaveLength(1);
      expect(opOnB.received.filter((r) => r.payload.kioskId === k.id)).toEqual([]);
    } finally {
      await worker.close();
    }
  });

  it('subscribed shard channels only, after all of the above: per namespace, none per room, no classic channel', async () => {
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const shard = (await redis.call('PUBSUB', 'SHARDCHANNELS', `${prefix}socket.io#*`)) as string[];
      // Per namespace (`/` too, which refuses every socket): its channel, and one response channel
      // per instance. "static" mode: no channel per room, though kiosks and feeds have joined rooms.
      const namespaces = ['/', '/kiosks', '/admin'].map((n) => `${prefix}socket.io#${n}#`);
      expect(shard.filter((c) => namespaces.includes(c)).sort()).toEqual([...namespaces].sort());
      const responses = shard.filter((c) => !namespaces.includes(c));
      expect(responses).toHaveLength(3 * 2);
      for (const c of responses) expect(c).toMatch(/#\/(kiosks|admin)?#[\w-]+#$/);
      const counts = (await redis.call(
        'PUBSUB',
        'SHARDNUMSUB',
        `${prefix}socket.io#/kiosks#`,
        `${prefix}socket.io#/admin#`,
      )) as Array<string | number>;
      expect(counts.map(String)).toEqual([
        `${prefix}socket.io#/kiosks#`,
        '2',
        `${prefix}socket.io#/admin#`,
        '2',
      ]);
      expect(await redis.pubsub('CHANNELS', `${prefix}socket.io*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});
