import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import { io, Socket } from 'socket.io-client';
import {
  databaseUrl,
  flushRedisPrefix,
  freePort,
  login,
  registerKiosks,
  startApi,
  stopApi,
  waitReady,
  withAdmin,
} from './lib/api-process';
import { BENCH_ADMIN_DB_URL, BENCH_REDIS_URL } from './lib/args';
import { positive } from './lib/cli';
import { benchMain, Cleanups } from './lib/harness';
import { forkTs, killChildren, RpcClient } from './lib/ipc';
import { cpuSeconds } from './lib/proc-stats';
import type { KioskCredential } from './lib/protocol';
import { percentileSorted, sleep } from './lib/stats';

/**
 * `npm run bench:adapters [-- --kiosks 10000 --seconds 30 --rounds 3 --adapters classic,sharded --json]`
 *
 * The Socket.IO Redis adapters (SOCKET_IO_ADAPTER) side by side in one run: for each, two built API
 * instances A and B on one Redis and one database, half of the kiosks on each, an admin feed socket
 * on B, all measured from outside the APIs on one clock (this machine's):
 *
 * 1. admin feed: every kiosk reports every 5 s for `--seconds`; per reading, from its ack at the
 *    kiosk to its `kiosk_telemetry` event on the feed socket on B — kiosks on A cross instances
 *    through the adapter, kiosks on B stay local (for comparison).
 * 2. commands: `--rounds` bulk commands to every kiosk, issued on A (POST /commands/bulk, fanned
 *    out by the worker's processors, which run in A); per kiosk, from the request to the
 *    `kiosk_command` arriving — kiosks on B are announced to B
 *    through Redis (DELIVERY_CHANNEL, the same for both adapters) while the feed socket watches,
 *    so the adapter carries each command's `command_updated` events meanwhile.
 *
 * Also: CPU seconds of A, B and Redis (INFO, the whole server: other users of this Redis count too)
 * per phase. Adapters run in the order given; each gets fresh API processes and Redis prefix.
 */

interface Options {
  kiosks: number;
  seconds: number;
  rounds: number;
  adapters: Array<'classic' | 'sharded'>;
  json: boolean;
}

interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

interface AdapterResult {
  adapter: string;
  connected: { a: number; b: number };
  feed: { cross: Latency; local: Latency; acked: number; missing: number; refused: number };
  commands: { cross: Latency; local: Latency; issued: number; missing: number };
  cpuSec: { feed: Cpu; commands: Cpu };
  feedSocketDisconnects: number;
}

interface Cpu {
  a: number;
  b: number;
  redis: number;
}

interface Result {
  kiosks: number;
  seconds: number;
  rounds: number;
  runs: AdapterResult[];
}

const INTERVAL_SEC = 5;
const wallNow = () => performance.timeOrigin + performance.now();

function latency(xs: number[]): Latency {
  const s = Float64Array.from(xs).sort();
  return {
    n: s.length,
    p50: percentileSorted(s, 50),
    p99: percentileSorted(s, 99),
    max: s[s.length - 1] ?? NaN,
  };
}

function parse(argv: string[]): Options {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const adapters = (arg('adapters') ?? 'classic,sharded').split(',').map((a) => a.trim());
  for (const a of adapters) {
    if (a !== 'classic' && a !== 'sharded')
      throw new Error(`--adapters: unknown adapter ${JSON.stringify(a)}`);
  }
  return {
    kiosks: positive('kiosks', arg('kiosks'), 10_000),
    seconds: positive('seconds', arg('seconds'), 30),
    rounds: positive('rounds', arg('rounds'), 3),
    adapters: adapters as Options['adapters'],
    json: argv.includes('--json'),
  };
}

async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const v = (k: string) => Number(new RegExp(`^${k}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return v('used_cpu_sys') + v('used_cpu_user');
}

class CpuMeter {
  private start: Cpu = { a: 0, b: 0, redis: 0 };
  constructor(
    private readonly pids: { a: number; b: number },
    private readonly redis: Redis,
  ) {}
  async begin(): Promise<void> {
    this.start = {
      a: cpuSeconds(this.pids.a),
      b: cpuSeconds(this.pids.b),
      redis: await redisCpuSeconds(this.redis),
    };
  }
  async end(): Promise<Cpu> {
    return {
      a: cpuSeconds(this.pids.a) - this.start.a,
      b: cpuSeconds(this.pids.b) - this.start.b,
      redis: (await redisCpuSeconds(this.redis)) - this.start.redis,
    };
  }
}

/** The admin feed socket on B: when each reading's `kiosk_telemetry` arrived, and command events. */
function feedSocket(baseUrl: string, token: string) {
  const telemetryAt = new Map<string, number>();
  const state = { commandEvents: 0, disconnects: 0 };
  const socket: Socket = io(`${baseUrl}/admin`, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: true,
  });
  socket.on('kiosk_telemetry', (p: { kioskId: number; reading: { timestamp: string } }) =>
    telemetryAt.set(`${p.kioskId}|${p.reading.timestamp}`, wallNow()),
  );
  socket.on('command_updated', () => void state.commandEvents++);
  socket.on('disconnect', () => void state.disconnects++);
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, telemetryAt, state, connected };
}

async function runAdapter(
  adapter: 'classic' | 'sharded',
  o: Options,
  dbName: string,
  kiosksOf: (baseUrl: string) => Promise<KioskCredential[]>,
  cleanups: Cleanups,
  say: (m: string) => void,
): Promise<AdapterResult> {
  const prefix = `bench:adp:${randomBytes(3).toString('hex')}:`;
  cleanups.push(() => flushRedisPrefix(BENCH_REDIS_URL, prefix));
  const start = async (name: string, args: string[]): Promise<{ baseUrl: string; child: ChildProcess }> => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const child = startApi({
      databaseUrl: databaseUrl(BENCH_ADMIN_DB_URL, dbName),
      redisUrl: BENCH_REDIS_URL,
      port,
      redisPrefix: prefix,
      intervalSec: INTERVAL_SEC,
      logFile: join(tmpdir(), `bench-adapters-${process.pid}-${adapter}-${name}.log`),
      nodeArgs: [],
      args,
      extraEnv: { SOCKET_IO_ADAPTER: adapter },
    });
    await waitReady(baseUrl, child, 90_000);
    return { baseUrl, child };
  };
  // A first: it applies the migrations; B starts on a migrated database. A also runs the worker's
  // processors, as bench:commands does: a bulk command is fanned out there (outbox → commands).
  const a = await start('a', ['--with-worker']);
  const b = await start('b', []);
  const redis = new Redis(BENCH_REDIS_URL);
  const kidsA = new RpcClient(forkTs('adapter-kiosks'), 'kiosks on A');
  const kidsB = new RpcClient(forkTs('adapter-kiosks'), 'kiosks on B');
  try {
    const kiosks = await kiosksOf(a.baseUrl);
    const half = Math.ceil(kiosks.length / 2);
    const onA = kiosks.slice(0, half);
    const onB = kiosks.slice(half);
    say(`${adapter}: connecting ${onA.length} kiosks to A and ${onB.length} to B`);
    const [connA, connB] = await Promise.all([
      kidsA.call<number>('connect', { url: a.baseUrl, kiosks: onA }, 600_000),
      kidsB.call<number>('connect', { url: b.baseUrl, kiosks: onB }, 600_000),
    ]);
    const token = await login(b.baseUrl);
    const feed = feedSocket(b.baseUrl, token);
    await feed.connected;
    await sleep(2_000);
    const cpu = new CpuMeter({ a: a.child.pid as number, b: b.child.pid as number }, redis);

    // 1. admin feed
    say(`${adapter}: every kiosk reports every ${INTERVAL_SEC} s for ${o.seconds} s`);
    await cpu.begin();
    await Promise.all([
      kidsA.call('startReporting', { intervalSec: INTERVAL_SEC }, 10_000),
      kidsB.call('startReporting', { intervalSec: INTERVAL_SEC }, 10_000),
    ]);
    await sleep(o.seconds * 1000);
    type Acks = { acks: Array<[string, number]>; refused: number };
    const [acksA, acksB] = await Promise.all([
      kidsA.call<Acks>('stopReporting', null, 30_000),
      kidsB.call<Acks>('stopReporting', null, 30_000),
    ]);
    const feedCpu = await cpu.end();
    await sleep(3_000); // the feed's throttle holds a reading at most 1 s; the rest is in flight
    let missing = 0;
    const lag = (acks: Array<[string, number]>) =>
      acks.flatMap(([key, ackedAt]) => {
        const seen = feed.telemetryAt.get(key);
        if (seen === undefined) {
          missing++;
          return [];
        }
        return [seen - ackedAt];
      });
    const feedResult = {
      cross: latency(lag(acksA.acks)),
      local: latency(lag(acksB.acks)),
      acked: acksA.acks.length + acksB.acks.length,
      missing,
      refused: acksA.refused + acksB.refused,
    };

    // 2. bulk commands issued on A
    await sleep(2_000);
    await cpu.begin();
    const crossMs: number[] = [];
    const localMs: number[] = [];
    let commandsMissing = 0;
    const auth = { authorization: `Bearer ${await login(a.baseUrl)}`, 'content-type': 'application/json' };
    const ids = kiosks.map((k) => k.id);
    for (let round = 1; round <= o.rounds; round++) {
      const issuedAt = wallNow();
      const res = await fetch(`${a.baseUrl}/api/v1/commands/bulk`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          command: 'update',
          params: { version: `9.${o.adapters.indexOf(adapter)}.${round}` },
          kioskIds: ids,
        }),
      });
      if (res.status !== 202) throw new Error(`bulk command: ${res.status} ${await res.text()}`);
      const { batchId } = (await res.json()) as { batchId: string };
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const [na, nb] = await Promise.all([
          kidsA.call<number>('commandCount', null, 10_000),
          kidsB.call<number>('commandCount', null, 10_000),
        ]);
        if (na + nb >= connA + connB) break;
        await sleep(100);
      }
      const [gotA, gotB] = await Promise.all([
        kidsA.call<Array<[string, number]>>('takeCommands', null, 30_000),
        kidsB.call<Array<[string, number]>>('takeCommands', null, 30_000),
      ]);
      for (const [, at] of gotA) localMs.push(at - issuedAt);
      for (const [, at] of gotB) crossMs.push(at - issuedAt);
      const missingNow = connA + connB - gotA.length - gotB.length;
      commandsMissing += missingNow;
      if (missingNow > 0) {
        const batch = await fetch(`${a.baseUrl}/api/v1/commands/bulk/${batchId}`, { headers: auth });
        say(`${adapter}: round ${round}: ${missingNow} not received; batch: ${await batch.text()}`);
      }
      await sleep(3_000); // acks recorded and command_updated events drained before the next round
    }
    const commandCpu = await cpu.end();
    const feedSocketDisconnects = feed.state.disconnects;
    feed.socket.close();
    return {
      adapter,
      connected: { a: connA, b: connB },
      feed: feedResult,
      commands: {
        cross: latency(crossMs),
        local: latency(localMs),
        issued: o.rounds * kiosks.length,
        missing: commandsMissing,
      },
      cpuSec: { feed: feedCpu, commands: commandCpu },
      feedSocketDisconnects,
    };
  } finally {
    await Promise.allSettled([kidsA.call('close', null, 30_000), kidsB.call('close', null, 30_000)]);
    kidsA.child.kill();
    kidsB.child.kill();
    await Promise.allSettled([stopApi(a.child), stopApi(b.child)]);
    redis.disconnect();
  }
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');
const lat = (l: Latency) => `p50 ${f(l.p50)} ms, p99 ${f(l.p99)} ms, max ${f(l.max)} ms (n=${l.n})`;
const cpuLine = (c: Cpu) => `A ${f(c.a)} s, B ${f(c.b)} s, Redis ${f(c.redis)} s`;

function render(r: Result): string {
  const lines = [
    `bench:adapters — ${r.kiosks} kiosks on two API instances (half each), one Redis; feed phase ${r.seconds} s at ${INTERVAL_SEC} s, ${r.rounds} bulk command rounds`,
  ];
  for (const x of r.runs) {
    lines.push(
      `  ${x.adapter}: connected A ${x.connected.a}, B ${x.connected.b}; feed socket disconnects ${x.feedSocketDisconnects}`,
      `    admin feed, ack → kiosk_telemetry on B: kiosks on A (cross) ${lat(x.feed.cross)}`,
      `                                             kiosks on B (local) ${lat(x.feed.local)}`,
      `      ${x.feed.acked} readings acked, ${x.feed.missing} never on the feed, ${x.feed.refused} not acked; CPU ${cpuLine(x.cpuSec.feed)}`,
      `    bulk command issued on A → kiosk_command: kiosks on B (cross) ${lat(x.commands.cross)}`,
      `                                              kiosks on A (local) ${lat(x.commands.local)}`,
      `      ${x.commands.issued} issued, ${x.commands.missing} not received in 60 s; CPU ${cpuLine(x.cpuSec.commands)}`,
    );
  }
  return lines.join('\n');
}

void benchMain<Options, Result>({
  parse,
  // Registration (~30 kiosks/s over REST here), then per adapter: two API starts, connecting at
  // 500/s per instance, the feed phase, and each round's wait of at most 60 s.
  budgetSec: (o) =>
    300 +
    Math.ceil(o.kiosks / 15) +
    o.adapters.length * (240 + Math.ceil(o.kiosks / 250) + o.seconds + o.rounds * 70),
  run: async (o, cleanups) => {
    const say = (m: string) => process.stderr.write(`[bench] ${m}\n`);
    const dbName = `kiosk_bench_adapters_${process.pid}`;
    await withAdmin(BENCH_ADMIN_DB_URL, (c) => c.query(`CREATE DATABASE "${dbName}"`));
    cleanups.push(() =>
      withAdmin(BENCH_ADMIN_DB_URL, (c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)),
    );
    cleanups.push(() => killChildren());
    let registered: KioskCredential[] | undefined;
    const kiosksOf = async (baseUrl: string) => {
      if (!registered) {
        const t0 = Date.now();
        registered = await registerKiosks(
          baseUrl,
          await login(baseUrl),
          o.kiosks,
          `BENCH-ADP-${process.pid}`,
        );
        say(`registered ${registered.length} kiosks in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
      return registered;
    };
    const runs: AdapterResult[] = [];
    for (const adapter of o.adapters)
      runs.push(await runAdapter(adapter, o, dbName, kiosksOf, cleanups, say));
    return { kiosks: o.kiosks, seconds: o.seconds, rounds: o.rounds, runs };
  },
  render,
});
