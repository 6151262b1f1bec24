import { randomBytes, randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { EventBus } from '@nestjs/cqrs';
import { decode, sign } from 'jsonwebtoken';
import { io, Socket } from 'socket.io-client';
import { AdminFeedEventName, CommandSnapshot, KioskCommandUpdatedEvent, Role } from '@app/contracts';
import { AdminFeedAudience } from '@app/platform';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { connectKiosk, emitWithAck, eventually, kioskUpdate, registerKiosk } from './support/kiosks';
import { API, closeTwoInstances, Session, startTwoInstances, TestApp } from './support/test-app';

interface Received {
  event: AdminFeedEventName;
  payload: { kioskId?: number; id?: string; status?: string } & Record<string, unknown>;
  at: number;
}

interface Feed {
  socket: Socket;
  received: Received[];
  /** Events about one kiosk, optionally of one name. */
  about(kioskId: number, event?: AdminFeedEventName): Received[];
}

/** A real socket.io-client on `/admin`; resolves once connected, rejects with the connect_error. */
function connectFeed(t: TestApp, auth: Record<string, unknown>): Promise<Feed> {
  const socket = io(`${t.baseUrl}/admin`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const received: Received[] = [];
  socket.onAny((event: AdminFeedEventName, payload: Received['payload']) =>
    received.push({ event, payload, at: Date.now() }),
  );
  const feed: Feed = {
    socket,
    received,
    about: (kioskId, event) =>
      received.filter((r) => r.payload.kioskId === kioskId && (!event || r.event === event)),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(feed));
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
}

const refusal = (t: TestApp, auth: Record<string, unknown>) =>
  connectFeed(t, auth).then(
    (f) => {
      f.socket.close();
      return 'connected';
    },
    (e: Error) => e.message,
  );

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The reason the server gave for closing the socket, or a failure if it stays open. */
const disconnection = (f: Feed, withinMs = 5000) =>
  new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${withinMs} ms`)), withinMs);
    f.socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });

describe('admin live feed: across instances, filtered per user, authenticated', () => {
  // A and B are two instances of one deployment: same database, same Redis prefix.
  const prefix = `test:feed-${randomBytes(3).toString('hex')}:`;
  const env = { REDIS_KEY_PREFIX: prefix };
  let a: TestApp;
  let b: TestApp;
  let admin: Session;
  const sockets: Socket[] = [];
  const track = <T extends { socket: Socket } | Socket>(s: T): T => {
    sockets.push('socket' in s ? s.socket : s);
    return s;
  };

  beforeAll(async () => {
    [a, b] = await startTwoInstances(env);
    admin = await b.admin();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await closeTwoInstances(a, b, prefix);
  });

  it('shows an admin on B the status, throttled telemetry and commands of a kiosk on A', async () => {
    const k = await registerKiosk(b);
    const feed = track(await connectFeed(b, { token: admin.accessToken }));
    const kiosk = track(await connectKiosk(a, k));
    const commands: { command_id: string; command: string }[] = [];
    kiosk.on('kiosk_command', (c: { command_id: string; command: string }) => commands.push(c));
    await emitWithAck(kiosk, 'kiosk_join', {});

    await eventually(async () =>
      expect(feed.about(k.id, 'kiosk_status').map((r) => r.payload)).toContainEqual({
        kioskId: k.id,
        status: 'online',
        connected: true,
        reporting: true,
        peripheralsOk: null,
        canSell: null,
        at: expect.any(String),
      }),
    );

    // A builds telemetry for the feed only once it has heard, through Redis, that someone watches.
    await eventually(async () => expect(a.app.get(AdminFeedAudience).anyone).toBe(true));
    // 10 readings within one second: the feed shows at most one per second, the newest last.
    const started = Date.now();
    for (let seq = 1; seq <= 10; seq++) {
      const ack = await emitWithAck(kiosk, 'kiosk_update', {
        ...kioskUpdate(seq, { environmental: { temperature: 20 + seq, humidity: 50, air_quality: 30 } }),
      });
      expect(ack).toEqual({ ok: true });
      await sleep(Math.max(0, started + seq * 100 - Date.now()));
    }
    await sleep(1500);
    const telemetry = feed.about(k.id, 'kiosk_telemetry');
    expect(telemetry.length).toBeGreaterThanOrEqual(1);
    expect(telemetry.length).toBeLessThanOrEqual(1 + Math.ceil((Date.now() - started) / 1000));
    for (let i = 1; i < telemetry.length; i++) {
      // measured on the client, so with some delivery jitter; unthrottled, these would be ~100 ms apart
      expect(telemetry[i].at - telemetry[i - 1].at).toBeGreaterThanOrEqual(800);
    }
    expect(telemetry[0].payload).toEqual({
      kioskId: k.id,
      reading: {
        timestamp: expect.any(String),
        environmental: { temperature: 21, humidity: 50, airQuality: 30 },
        hardware: { cpuTemp: 55.2, cpuUsage: 41, ramUsage: 63.2, diskUsage: 71.9 },
        peripherals: { printerStatus: 'ready', cashAcceptor: 'ready', cardReader: 'ready' },
        location: { lat: -34.6037, lng: -58.3816, accuracy: 4.2 },
        network: { latency: 80.5, signalStrength: -61 },
      },
    });
    expect(telemetry.at(-1)?.payload).toMatchObject({ reading: { environmental: { temperature: 30 } } });

    // A command issued through B reaches the kiosk on A; the admin on B follows its lifecycle.
    const issued = await b
      .http()
      .post(`${API}/kiosks/${k.id}/commands`)
      .set(admin.auth)
      .send({ command: 'restart' })
      .expect(202);
    const id = issued.body.id as string;
    await eventually(async () => expect(commands.map((c) => c.command_id)).toContain(id));
    const statuses = () =>
      feed
        .about(k.id, 'command_updated')
        .filter((r) => r.payload.id === id)
        .map((r) => r.payload.status);
    await eventually(async () => expect(statuses()).toEqual(['pending', 'sent']));
    const ack = (status: string) =>
      emitWithAck(kiosk, 'kiosk_command_ack', {
        command_id: id,
        kiosk_id: k.id,
        command: 'restart',
        status,
        timestamp: new Date().toISOString(),
      });
    expect(await ack('processing')).toMatchObject({ ok: true });
    expect(await ack('success')).toMatchObject({ ok: true });
    await eventually(async () =>
      expect(statuses()).toEqual(['pending', 'sent', 'acknowledged', 'succeeded']),
    );
    expect(feed.about(k.id, 'command_updated').at(-1)?.payload).toEqual({
      id,
      kioskId: k.id,
      command: 'restart',
      status: 'succeeded',
      at: expect.any(String),
    });

    kiosk.close();
    await eventually(async () =>
      expect(feed.about(k.id, 'kiosk_status').at(-1)?.payload).toMatchObject({
        status: 'offline',
        connected: false,
      }),
    );
  });

  it('never shows a user a kiosk they may not see, and follows reassignment', async () => {
    const x = await registerKiosk(b);
    const y = await registerKiosk(b);
    const operator = await b.userWithRole(Role.Operator);
    const viewer = await b.userWithRole(Role.Viewer);
    await b.http().post(`${API}/kiosks/assign`).set(operator.auth).send({ code: x.code }).expect(200);

    const adminFeed = track(await connectFeed(b, { token: admin.accessToken }));
    const opFeed = track(await connectFeed(b, { token: operator.accessToken }));
    const viewerFeed = track(await connectFeed(b, { token: viewer.accessToken }));

    for (const k of [x, y]) {
      const socket = track(await connectKiosk(a, k));
      await emitWithAck(socket, 'kiosk_join', {});
      await emitWithAck(socket, 'kiosk_update', kioskUpdate(1));
    }
    // The admin sees both kiosks; once it has, any leak would have arrived too (same emits).
    await eventually(async () => {
      for (const k of [x, y]) {
        expect(adminFeed.about(k.id, 'kiosk_status').length).toBeGreaterThan(0);
        expect(adminFeed.about(k.id, 'kiosk_telemetry').length).toBeGreaterThan(0);
      }
      expect(opFeed.about(x.id, 'kiosk_telemetry').length).toBeGreaterThan(0);
    });
    await sleep(300);
    expect(opFeed.about(x.id, 'kiosk_status').length).toBeGreaterThan(0);
    expect(opFeed.received.filter((r) => r.payload.kioskId !== x.id)).toEqual([]);
    expect(viewerFeed.received).toEqual([]);

    // The admin moves X from the operator to the viewer.
    await b
      .http()
      .post(`${API}/kiosks/assign`)
      .set(admin.auth)
      .send({ code: x.code, userId: viewer.id })
      .expect(200);
    const issueOnX = async () => {
      const res = await b
        .http()
        .post(`${API}/kiosks/${x.id}/commands`)
        .set(admin.auth)
        .send({ command: 'restart' })
        .expect(202);
      const id = res.body.id as string;
      const sent = (f: Feed) =>
        f.received.filter((r) => r.event === 'command_updated' && r.payload.id === id);
      await eventually(async () => expect(sent(adminFeed).map((r) => r.payload.status)).toContain('sent'));
      return { viewer: sent(viewerFeed), operator: sent(opFeed) };
    };
    await eventually(async () => expect((await issueOnX()).viewer.length).toBeGreaterThan(0));
    const opBefore = opFeed.received.length;
    const after = await issueOnX();
    expect(after.viewer.map((r) => r.payload.status)).toEqual(['pending', 'sent']);
    expect(after.operator).toEqual([]);
    await sleep(300);
    expect(opFeed.received.slice(opBefore)).toEqual([]);
    expect(viewerFeed.received.filter((r) => r.payload.kioskId !== x.id)).toEqual([]);
  });

  it('publishes nothing while nobody watches, and a feed opened on another instance gets the next event at once', async () => {
    for (const s of sockets) s.close();
    const audienceA = a.app.get(AdminFeedAudience);
    await eventually(
      async () => expect(audienceA.anyone || b.app.get(AdminFeedAudience).anyone).toBe(false),
      15_000,
    );
    const sentByA = async (event: string) => {
      const text = (await a.http().get('/metrics').expect(200)).text;
      const line = text.split('\n').find((l) => l.startsWith(`admin_feed_events_total{event="${event}"}`));
      return line ? Number(line.split(' ').pop()) : 0;
    };
    const k = await registerKiosk(b);
    const kiosk = track(await connectKiosk(a, k));
    const commands: { command_id: string }[] = [];
    kiosk.on('kiosk_command', (c: { command_id: string }) => commands.push(c));
    await emitWithAck(kiosk, 'kiosk_join', {});
    const telemetryBefore = await sentByA('kiosk_telemetry');
    const commandsBefore = await sentByA('command_updated');
    for (let seq = 1; seq <= 3; seq++)
      expect(await emitWithAck(kiosk, 'kiosk_update', kioskUpdate(seq))).toEqual({ ok: true });
    const unseen = await a
      .http()
      .post(`${API}/kiosks/${k.id}/commands`)
      .set((await a.admin()).auth)
      .send({ command: 'restart' })
      .expect(202);
    await eventually(async () => expect(commands.map((c) => c.command_id)).toEqual([unseen.body.id]));
    await sleep(300);
    expect(await sentByA('kiosk_telemetry')).toBe(telemetryBefore);
    expect(await sentByA('command_updated')).toBe(commandsBefore);

    // Opened on B; A publishes from the very next event, without waiting for its periodic re-read.
    const feed = track(await connectFeed(b, { token: admin.accessToken }));
    const seen = await a
      .http()
      .post(`${API}/kiosks/${k.id}/commands`)
      .set((await a.admin()).auth)
      .send({ command: 'restart' })
      .expect(202);
    await eventually(async () =>
      expect(
        feed
          .about(k.id, 'command_updated')
          .filter((r) => r.payload.id === seen.body.id)
          .map((r) => r.payload.status),
      ).toEqual(['pending', 'sent']),
    );
    expect(await emitWithAck(kiosk, 'kiosk_update', kioskUpdate(4))).toEqual({ ok: true });
    await eventually(async () => expect(feed.about(k.id, 'kiosk_telemetry').length).toBe(1));
    expect(await sentByA('kiosk_telemetry')).toBe(telemetryBefore + 1);
  });

  it('refuses missing, garbage, forged, expired and logged-out tokens, and closes sockets whose access ends', async () => {
    const { issuer, audience, secret } = b.config.jwt;
    const live = await b.userWithRole(Role.Viewer);
    const claims = decode(live.accessToken) as { sub: string; sid: string; role: string; username: string };
    const real = { sub: claims.sub, sid: claims.sid, role: claims.role, username: claims.username };

    expect(await refusal(b, {})).toBe('unauthorized');
    expect(await refusal(b, { token: 'not-a-jwt' })).toBe('unauthorized');
    expect(await refusal(b, { token: 42 })).toBe('unauthorized');
    const forged = sign(real, 'another-secret-another-secret-another', { issuer, audience, expiresIn: 60 });
    expect(await refusal(b, { token: forged })).toBe('unauthorized');
    expect(
      await refusal(b, { token: sign(real, secret, { issuer, audience: 'someone-else', expiresIn: 60 }) }),
    ).toBe('unauthorized');
    // the live session's own access token is accepted (the refusals above are about the token)
    expect(await refusal(b, { token: live.accessToken })).toBe('connected');

    // A token valid for 2 s: accepted, its socket closed when it expires, then refused.
    const shortLived = sign(real, secret, { issuer, audience, expiresIn: 2 });
    const expiring = track(await connectFeed(b, { token: shortLived }));
    expect(await disconnection(expiring)).toBe('io server disconnect');
    expect(await refusal(b, { token: shortLived })).toBe('unauthorized');

    // Logout closes the session's open feed sockets (on whichever instance) and refuses new ones.
    const user = await b.userWithRole(Role.Operator);
    const onA = track(await connectFeed(a, { token: user.accessToken }));
    const onB = track(await connectFeed(b, { token: user.accessToken }));
    const reasons = [onA, onB].map((f) => disconnection(f));
    await b
      .http()
      .post(`${API}/auth/logout`)
      .set(user.auth)
      .send({ refreshToken: user.refreshToken })
      .expect(204);
    expect(await Promise.all(reasons)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(await refusal(a, { token: user.accessToken })).toBe('unauthorized');

    // Disabling a user closes every one of their feed sockets.
    const other = await b.userWithRole(Role.Viewer);
    const feed = track(await connectFeed(a, { token: other.accessToken }));
    const gone = disconnection(feed);
    await b.http().patch(`${API}/users/${other.id}`).set(admin.auth).send({ disabled: true }).expect(200);
    expect(await gone).toBe('io server disconnect');

    // A role change closes them too (its rooms were chosen for the old role); reconnecting works.
    const promoted = await b.userWithRole(Role.Viewer);
    const before = track(await connectFeed(b, { token: promoted.accessToken }));
    const closedForRole = disconnection(before);
    await b.http().patch(`${API}/users/${promoted.id}`).set(admin.auth).send({ role: 'admin' }).expect(200);
    expect(await closedForRole).toBe('io server disconnect');
    expect(await refusal(b, { token: promoted.accessToken })).toBe('connected');
  });

  it('delivers what the worker publishes (Redis emitter) to feed sockets on the API instances', async () => {
    // The worker of the same deployment: no sockets, its domain events reach the feed through Redis.
    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(a.config), {
      logger: false,
    });
    await worker.init();
    try {
      const k = await registerKiosk(b);
      const adminOnA = track(await connectFeed(a, { token: admin.accessToken }));
      const operator = await b.userWithRole(Role.Operator);
      const opOnB = track(await connectFeed(b, { token: operator.accessToken }));
      const command: CommandSnapshot = {
        id: randomUUID(),
        kioskId: k.id,
        command: 'restart',
        status: 'pending',
        at: new Date(),
      };
      worker.get(EventBus).publish(new KioskCommandUpdatedEvent(command, null));
      await eventually(async () =>
        expect(adminOnA.about(k.id).map((r) => r.payload)).toEqual([
          { ...command, at: command.at.toISOString() },
        ]),
      );
      await sleep(300);
      expect(adminOnA.about(k.id)).toHaveLength(1);
      expect(opOnB.received).toEqual([]);
    } finally {
      await worker.close();
    }
  });
});
