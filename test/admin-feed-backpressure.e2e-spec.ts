import { randomBytes, randomUUID } from 'node:crypto';
import type { Socket as NetSocket } from 'node:net';
import Redis from 'ioredis';
import { io, Socket } from 'socket.io-client';
import { AlertView, Role } from '@app/contracts';
import { AdminFeedGateway } from '../apps/api/src/realtime/admin/admin-feed.gateway';
import type { AdminFeedNamespace } from '../apps/api/src/realtime/admin/admin-feed-socket';
import { NamespaceAdminFeedPublisher } from '../apps/api/src/realtime/admin/namespace-admin-feed.publisher';
import { alertView } from './support/alerts';
import { eventually } from './support/kiosks';
import { closeTwoInstances, Session, startTwoInstances, TEST_REDIS_URL, TestApp } from './support/test-app';

/**
 * Slow consumers and per-user caps on the admin live feed (issue 16, item 8): a feed socket that
 * stops reading is closed once more than ADMIN_FEED_MAX_BUFFERED_BYTES wait unsent for it, whatever
 * its transport, while readers that keep up get every event; one user holds at most
 * ADMIN_FEED_MAX_SOCKETS_PER_USER feed sockets across all instances.
 */
const MAX_BUFFERED = 1_048_576;
const CAP = 3;

interface Feed {
  socket: Socket;
  /** Titles of the `alert_raised` events received, in order. */
  alerts: string[];
}

function connectFeed(t: TestApp, token: string): Promise<Feed> {
  const socket = io(`${t.baseUrl}/admin`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const alerts: string[] = [];
  socket.on('alert_raised', (a: AlertView) => alerts.push(a.title));
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve({ socket, alerts }));
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
}

/** The connect_error a handshake ends with (message and data), or 'connected'. */
const handshake = (t: TestApp, token: string) =>
  connectFeed(t, token).then(
    (f) => {
      f.socket.close();
      return { message: 'connected', data: undefined as unknown };
    },
    (e: Error & { data?: unknown }) => ({ message: e.message, data: e.data }),
  );

/** The TCP socket under a socket.io-client websocket: paused, the client reads nothing more. */
function tcpOf(socket: Socket): NetSocket {
  const engine = socket.io.engine as unknown as { transport: { name: string; ws: { _socket: NetSocket } } };
  expect(engine.transport.name).toBe('websocket');
  return engine.transport.ws._socket;
}

/** About `bytes` of JSON: an alert whose title carries the padding (and its order number). */
function bigAlert(n: number, bytes = 8192): AlertView {
  return alertView({
    id: randomUUID(),
    kioskId: null,
    type: 'site_incident',
    severity: 'warning',
    title: `#${n} ${'x'.repeat(bytes)}`,
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const feedNamespace = (t: TestApp): AdminFeedNamespace => {
  const nsp = t.app.get(AdminFeedGateway)['nsp'];
  if (!nsp) throw new Error('the /admin namespace is not up');
  return nsp;
};

async function metric(t: TestApp, series: string): Promise<number> {
  const text = (await t.http().get('/metrics').expect(200)).text;
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

/**
 * Emits 8 KB alerts to every admin at about 16 MB/s (through the API's own publisher: the
 * namespace and its Redis adapter, as a domain event would) until `stop()` holds; how many it sent.
 */
async function flood(t: TestApp, stop: () => boolean, limit = 12_000): Promise<number> {
  const publisher = t.app.get(NamespaceAdminFeedPublisher);
  let sent = 0;
  while (!stop() && sent < limit) {
    for (let i = 0; i < 20; i++) publisher.emitToAdmins('alert_raised', bigAlert(sent++));
    await sleep(10);
  }
  return sent;
}

describe('admin feed: slow consumers and per-user connection caps', () => {
  // A and B are two instances of one deployment: same database, same Redis prefix.
  const prefix = `test:feedbp-${randomBytes(3).toString('hex')}:`;
  const env = {
    REDIS_KEY_PREFIX: prefix,
    ADMIN_FEED_MAX_BUFFERED_BYTES: String(MAX_BUFFERED),
    ADMIN_FEED_MAX_SOCKETS_PER_USER: String(CAP),
  };
  let a: TestApp;
  let b: TestApp;
  const sockets: Socket[] = [];
  const track = (f: Feed): Feed => {
    sockets.push(f.socket);
    return f;
  };

  beforeAll(async () => {
    [a, b] = await startTwoInstances(env);
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(async () => {
    await closeTwoInstances(a, b, prefix);
  });

  it('closes a websocket feed client that stops reading once its backlog passes the bound, while a reading client gets every event', async () => {
    const admin: Session = await a.userWithRole(Role.Admin);
    const reader = track(await connectFeed(a, admin.accessToken));
    const stalled = track(await connectFeed(a, admin.accessToken));
    const nsp = feedNamespace(a);
    const stalledId = stalled.socket.id as string;
    expect(nsp.sockets.has(stalledId)).toBe(true);
    const before = await metric(a, 'admin_feed_slow_consumer_disconnects_total{transport="websocket"}');
    const tcp = tcpOf(stalled.socket);
    tcp.pause();

    const sent = await flood(a, () => !nsp.sockets.has(stalledId));
    expect(nsp.sockets.has(stalledId)).toBe(false);
    // Some MB sit in the kernel's buffers before the server holds any; then at most ~1 s of feed.
    expect(sent * 8192).toBeGreaterThan(MAX_BUFFERED);
    expect(await metric(a, 'admin_feed_slow_consumer_disconnects_total{transport="websocket"}')).toBe(
      before + 1,
    );

    // The reader kept up: every event, in order, and it still gets the next one.
    a.app.get(NamespaceAdminFeedPublisher).emitToAdmins('alert_raised', bigAlert(sent, 16));
    await eventually(async () => expect(reader.alerts.length).toBe(sent + 1), 20_000);
    expect(reader.alerts.map((title) => Number(title.slice(1, title.indexOf(' '))))).toEqual(
      Array.from({ length: sent + 1 }, (_, i) => i),
    );
    expect(reader.socket.connected).toBe(true);

    // Reading again, the stalled client finds its connection closed, short of the flood.
    const closed = new Promise<string>((resolve) => stalled.socket.once('disconnect', resolve));
    tcp.resume();
    expect(await closed).toBe('transport close');
    expect(stalled.alerts.length).toBeLessThan(sent);
  });

  it('closes a long-polling feed client that stops polling once its queued packets pass the bound', async () => {
    const admin = await a.userWithRole(Role.Admin);
    const base = `${a.baseUrl}/socket.io/?EIO=4&transport=polling`;
    // Engine.IO v4 by hand: open, join /admin, take the connect packet, then never poll again.
    const open = await (await fetch(base)).text();
    expect(open.startsWith('0')).toBe(true);
    const { sid } = JSON.parse(open.slice(1)) as { sid: string };
    const session = `${base}&sid=${sid}`;
    const joined = await fetch(session, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: `40/admin,${JSON.stringify({ token: admin.accessToken })}`,
    });
    expect(await joined.text()).toBe('ok');
    expect(await (await fetch(session)).text()).toMatch(/^40\/admin,\{"sid":"[^"]+"\}$/);
    const nsp = feedNamespace(a);
    await eventually(async () =>
      expect([...nsp.sockets.values()].some((s) => s.data.user.id === admin.user.id)).toBe(true),
    );
    const connected = () => [...nsp.sockets.values()].some((s) => s.data.user.id === admin.user.id);
    const before = await metric(a, 'admin_feed_slow_consumer_disconnects_total{transport="polling"}');

    const sent = await flood(a, () => !connected());
    expect(connected()).toBe(false);
    expect(sent * 8192).toBeGreaterThan(MAX_BUFFERED);
    // Well before the 20 s a silent polling client gets from the ping timeout.
    expect(sent).toBeLessThan(12_000);
    expect(await metric(a, 'admin_feed_slow_consumer_disconnects_total{transport="polling"}')).toBe(
      before + 1,
    );
    // Its session and what was queued for it are gone.
    const poll = await fetch(session);
    expect(poll.status).toBe(400);
    expect(await poll.json()).toEqual({ code: 1, message: 'Session ID unknown' });
  });

  it('refuses the next feed socket of a user holding the cap with too_many_connections, on any instance', async () => {
    const op = await a.userWithRole(Role.Operator);
    const refusedBefore = await metric(
      b,
      'admin_feed_connections_refused_total{reason="too_many_connections"}',
    );
    track(await connectFeed(a, op.accessToken));
    track(await connectFeed(a, op.accessToken));
    track(await connectFeed(b, op.accessToken));

    for (const instance of [a, b]) {
      const refused = await handshake(instance, op.accessToken);
      expect(refused).toEqual({
        message: 'too_many_connections',
        data: { limit: CAP, message: `At most ${CAP} admin feed connections per user; close one first` },
      });
    }
    expect(await metric(b, 'admin_feed_connections_refused_total{reason="too_many_connections"}')).toBe(
      refusedBefore + 1,
    );
    // A second session of the same user counts against the same cap.
    const again = await a.login(op.user.username, op.password);
    expect((await handshake(b, again.accessToken)).message).toBe('too_many_connections');
  });

  it('leaves other users unaffected by one user at the cap', async () => {
    const crowded = await a.userWithRole(Role.Viewer);
    for (let i = 0; i < CAP; i++) track(await connectFeed(i % 2 ? a : b, crowded.accessToken));
    expect((await handshake(a, crowded.accessToken)).message).toBe('too_many_connections');

    const other = await a.userWithRole(Role.Viewer);
    const admin = await a.admin();
    for (let i = 0; i < CAP; i++) track(await connectFeed(i % 2 ? b : a, other.accessToken));
    track(await connectFeed(b, admin.accessToken));
  });

  it('gives a place back when a feed socket closes, wherever it was held', async () => {
    const op = await a.userWithRole(Role.Operator);
    const feeds = [
      track(await connectFeed(a, op.accessToken)),
      track(await connectFeed(b, op.accessToken)),
      track(await connectFeed(a, op.accessToken)),
    ];
    expect((await handshake(a, op.accessToken)).message).toBe('too_many_connections');
    feeds[1].socket.close(); // held on B
    // Refused until B has handled the close; the refused attempts themselves hold no place.
    track(await eventually(() => connectFeed(a, op.accessToken), 5000, 50));
    expect((await handshake(b, op.accessToken)).message).toBe('too_many_connections');
  });

  it('frees the places of an instance that died once their leases lapse', async () => {
    const op = await a.userWithRole(Role.Operator);
    // What an instance that crashed leaves behind: entries nobody renews, their leases already over.
    const redis = new Redis(TEST_REDIS_URL, { keyPrefix: prefix });
    try {
      const lapsed = Date.now() - 1;
      for (let i = 0; i < CAP; i++) await redis.zadd(`admin-feed:sockets:${op.user.id}`, lapsed, `dead-${i}`);
      const alive = Date.now() + 30_000;
      await redis.zadd(`admin-feed:sockets:${op.user.id}`, alive, 'held-elsewhere');
    } finally {
      redis.disconnect();
    }
    // One place is held by a live lease on another instance; the lapsed ones are free again.
    for (let i = 1; i < CAP; i++) track(await connectFeed(a, op.accessToken));
    expect((await handshake(b, op.accessToken)).message).toBe('too_many_connections');
  });
});
