import { randomUUID } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import { ackOutcome, AttackTally, errorOutcome } from './attack-tally';
import { serveRpc } from './ipc';
import type { KioskCredential } from './protocol';
import { RawSocketIo } from './raw-socket-io';
import { sensorValues } from './reading';
import { sleep } from './stats';

/*
 * bench:hostile's hostile kiosk, in its own process: a kiosk whose secret was extracted, repeating
 * every wire attack of issue 16 with its own valid credentials, one after another, until stopped.
 * Each attack counts how the server answered (ack codes, connect errors, disconnects).
 */

interface Params {
  url: string;
  cred: KioskCredential;
}

type Transport = 'websocket' | 'polling';

const tally = new AttackTally();
let params: Params | undefined;
let running = false;
let loop: Promise<void> | undefined;
let rounds = 0;
/** The attack now running: a disconnect of the kiosk's session is charged to it. */
let current = 'connect';
let session: { socket: Socket; transport: Transport } | undefined;

const KB = 1024;
const ACK_MS = 5000;

function p(): Params {
  if (!params) throw new Error('prepare first');
  return params;
}

/** A valid CONTRACT §3 reading of the hostile kiosk, with `extra` fields merged in. */
function reading(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    timestamp: new Date().toISOString(),
    kiosk_id: p().cred.id,
    serial: p().cred.serial,
    ...sensorValues(),
    ...extra,
  };
}

const joinPayload = (extra: Record<string, unknown> = {}) => ({
  kiosk_id: p().cred.id,
  serial: p().cred.serial,
  capabilities: { sensors: ['temperature'], peripherals: ['printer'], features: [] },
  firmware_version: 'hostile-1.0.0',
  ...extra,
});

const commandAck = (extra: Record<string, unknown> = {}) => ({
  command_id: randomUUID(),
  kiosk_id: p().cred.id,
  command: 'restart',
  status: 'success',
  timestamp: new Date().toISOString(),
  ...extra,
});

const payment = (extra: Record<string, unknown> = {}) => ({
  transaction_id: `hostile-${randomUUID()}`,
  amount: '1.00',
  currency: 'USD',
  method: 'cash',
  status: 'completed',
  timestamp: new Date().toISOString(),
  ...extra,
});

/** A fresh socket of this kiosk; answers it connected, or throws the connect error. */
function openSocket(transport: Transport, nsp = '/kiosks', auth?: Record<string, unknown>): Promise<Socket> {
  const socket = io(`${p().url}${nsp}`, {
    auth: auth ?? { serial: p().cred.serial, secret: p().cred.secret },
    transports: [transport],
    forceNew: true,
    reconnection: false,
    timeout: 10_000,
  });
  return new Promise<Socket>((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => {
      socket.close();
      reject(new Error(`connect_error ${e.message}`));
    });
  });
}

/** The kiosk's joined session over `transport`, reopened when it is gone or on another transport. */
async function joined(transport: Transport): Promise<Socket> {
  if (session?.transport === transport && session.socket.connected) return session.socket;
  session?.socket.close();
  session = undefined;
  const socket = await openSocket(transport);
  socket.on('disconnect', (reason) => {
    // Closed by this process (a transport switch) is not the server's answer to anything.
    if (reason !== 'io client disconnect') tally.count(current, `session dropped: ${reason}`);
  });
  const reply = await socket.timeout(ACK_MS).emitWithAck('kiosk_join', joinPayload());
  if (ackOutcome(reply) !== 'ack ok') tally.count('(re)join of the session', ackOutcome(reply));
  session = { socket, transport };
  return socket;
}

/** One emit with an ack, as an outcome. */
async function ask(socket: Socket, event: string, data: unknown): Promise<string> {
  try {
    return ackOutcome(await socket.timeout(ACK_MS).emitWithAck(event, data));
  } catch (e) {
    return socket.connected ? 'no ack within 5 s' : `no ack: socket gone (${errorOutcome(e)})`;
  }
}

async function single(attack: string, transport: Transport, event: string, data: unknown): Promise<void> {
  tally.count(attack, await ask(await joined(transport), event, data));
}

/** `n` emits at once, beyond the rate limit (40 burst, 20/s by default). */
async function flood(attack: string, event: string, make: () => unknown, n = 100): Promise<void> {
  const socket = await joined('websocket');
  tally.countAll(attack, await Promise.all(Array.from({ length: n }, () => ask(socket, event, make()))));
}

/** Nested `depth` objects deep: small in bytes, deep for any recursive walk. */
function deep(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

const ATTACKS: Array<[string, () => Promise<void>]> = [
  [
    'kiosk_update + 900 KB binary attachment',
    () => single(current, 'websocket', 'kiosk_update', reading({ blob: Buffer.alloc(900 * KB, 7) })),
  ],
  [
    'kiosk_update 200 KB inside a long-polling batch',
    async () => {
      const socket = await joined('polling');
      // The first emit leaves alone; the next two wait for it and go out together in one POST.
      const before = ask(socket, 'kiosk_update', reading());
      const big = ask(socket, 'kiosk_update', reading({ pad: 'x'.repeat(200 * KB) }));
      const after = ask(socket, 'kiosk_update', reading());
      tally.count(current, await big);
      tally.countAll(
        current,
        (await Promise.all([before, after])).map((o) => `valid neighbour: ${o}`),
      );
    },
  ],
  [
    'kiosk_update 200 KB as 8 KB WebSocket fragments',
    async () => {
      session?.socket.close();
      session = undefined;
      const opened = await RawSocketIo.connect(p().url, '/kiosks', {
        serial: p().cred.serial,
        secret: p().cred.secret,
      });
      if ('refused' in opened) return tally.count(current, opened.refused);
      const raw = opened.socket;
      try {
        const join = await raw.emitWithAck('kiosk_join', joinPayload());
        if (!('reply' in join) || ackOutcome(join.reply) !== 'ack ok') tally.count(current, 'join refused');
        const r = await raw.emitWithAck('kiosk_update', reading({ pad: 'x'.repeat(200 * KB) }), {
          fragmentBytes: 8 * KB,
        });
        tally.count(current, 'reply' in r ? ackOutcome(r.reply) : 'timeout' in r ? 'no ack' : r.closed);
      } finally {
        raw.close();
      }
    },
  ],
  [
    'reading with location.accuracy 1e39',
    () =>
      single(current, 'websocket', 'kiosk_update', {
        ...reading(),
        location: { lat: -34.6, lng: -58.38, accuracy: 1e39 },
      }),
  ],
  [
    'reading with \\u0000 in extra',
    () => single(current, 'websocket', 'kiosk_update', reading({ note: 'before\u0000after' })),
  ],
  [
    'reading with extra 1,500 levels deep',
    () => single(current, 'websocket', 'kiosk_update', reading({ deep: deep(1500) })),
  ],
  [
    'reading with extra of 900 keys (~14 KB)',
    () =>
      single(
        current,
        'websocket',
        'kiosk_update',
        reading(Object.fromEntries(Array.from({ length: 900 }, (_, i) => [`k${i}`, 'vvvv']))),
      ),
  ],
  ['flood: 100 kiosk_join at once', () => flood(current, 'kiosk_join', () => joinPayload())],
  ['flood: 100 kiosk_command_ack at once', () => flood(current, 'kiosk_command_ack', () => commandAck())],
  ['flood: 100 kiosk_payment at once', () => flood(current, 'kiosk_payment', () => payment())],
  [
    'kiosk_join of 100 KB',
    () => single(current, 'websocket', 'kiosk_join', joinPayload({ pad: 'x'.repeat(100 * KB) })),
  ],
  [
    'kiosk_command_ack of 100 KB',
    () => single(current, 'websocket', 'kiosk_command_ack', commandAck({ error: 'x'.repeat(100 * KB) })),
  ],
  [
    'kiosk_payment of 100 KB',
    () => single(current, 'websocket', 'kiosk_payment', payment({ pad: 'x'.repeat(100 * KB) })),
  ],
  [
    '20 sockets at once with the same secret',
    async () => {
      session?.socket.close();
      session = undefined;
      const sockets: Socket[] = [];
      const reasons = new Map<Socket, string>();
      const opened = await Promise.allSettled(
        Array.from({ length: 20 }, async () => {
          const s = await openSocket('websocket');
          sockets.push(s);
          s.once('disconnect', (reason) => reasons.set(s, reason));
          return s;
        }),
      );
      await sleep(1500);
      for (const o of opened) {
        if (o.status === 'rejected') tally.count(current, (o.reason as Error).message);
        else
          tally.count(
            current,
            o.value.connected ? 'still open after 1.5 s' : `dropped: ${reasons.get(o.value)}`,
          );
      }
      for (const s of sockets) s.close();
    },
  ],
  [
    'root namespace / + 1 MB message',
    async () => {
      let socket: Socket;
      try {
        socket = await openSocket('websocket', '/', {});
      } catch (e) {
        return tally.count(current, (e as Error).message);
      }
      const gone = new Promise<string>((resolve) =>
        socket.once('disconnect', (r) => resolve(`connected, then ${r}`)),
      );
      socket.emit('hello', 'x'.repeat(1024 * KB));
      tally.count(
        current,
        await Promise.race([gone, sleep(2000).then(() => 'connected, still open after 2 s')]),
      );
      socket.close();
    },
  ],
];

/**
 * Every attack in turn, with a pause after the floods so the next attack meets a full bucket.
 * `rounds` counts the rounds that ran to their end (the phase usually ends one half-way).
 */
async function attackLoop(): Promise<void> {
  while (running) {
    for (const [name, attack] of ATTACKS) {
      if (!running) break;
      current = name;
      try {
        await attack();
      } catch (e) {
        tally.count(name, errorOutcome(e));
      }
      await sleep(name.startsWith('flood') ? 2500 : 100);
    }
    if (running) rounds++;
  }
}

serveRpc({
  prepare: (x) => void (params = x as Params),
  start: () => {
    running = true;
    loop = attackLoop();
  },
  stop: async () => {
    running = false;
    await loop;
    session?.socket.close();
    session = undefined;
    return { rounds, tally: tally.get() };
  },
});
