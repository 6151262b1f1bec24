import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Socket } from 'socket.io-client';
import {
  api,
  connectSocket,
  EXTRA_RULES,
  PROBE_TAG,
  raiseHistogram,
  RaiseHistogram,
  reading,
  startApi,
} from './lib/alert-bench';
import {
  databaseUrl,
  flushRedisPrefix,
  freePort,
  login,
  registerKiosks,
  stopApi,
  waitReady,
  withAdmin,
} from './lib/api-process';
import { forkTs, killChildren, RpcClient } from './lib/ipc';
import { CpuMeter } from './lib/proc-stats';
import type { ConnectResult, WindowStats } from './lib/protocol';
import { median, percentileSorted, round, sleep } from './lib/stats';
import { BENCH_ADMIN_DB_URL, BENCH_REDIS_URL } from './lib/args';

/*
 * npm run bench:alerts -- [--kiosks 10000] [--interval 5] [--duration 30s] [--rounds 3] [--probes 200]
 *                         [--quick] [--from-source] [--only on|off] [--json]
 *   BENCH_API_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the API (bench/lib/cpu-profile-summary.ts).
 *
 * The cost of rule evaluation on the telemetry path. The built API runs as in production against a
 * fresh database, with N kiosks reporting every S seconds from a separate load-generator process
 * (N / S readings per second: 10,000 kiosks at 5 s = 2,000/s), twice per round: with the alert
 * module (ENABLED_MODULES=kiosk,telemetry,alert: the seeded rules plus a few more, evaluated on
 * every reading) and without it (kiosk,telemetry). Rounds alternate the order so drift on a shared
 * machine falls on both sides. It prints the API's CPU in each mode and their ratio (target
 * ≤ 1.10; nobody watches the live feed meanwhile), then, with the module on, the latency from a
 * breaching reading's emit to its `alert_raised` on an operator's feed socket, for probe kiosks
 * firing one at a time across a second window (target p99 ≤ 200 ms).
 */

interface Options {
  kiosks: number;
  intervalSec: number;
  durationSec: number;
  rounds: number;
  probes: number;
  quick: boolean;
  fromSource: boolean;
  json: boolean;
  /** Run one mode only (profiling): 'on' or 'off'. */
  only: string | undefined;
  adminUrl: string;
  redisUrl: string;
}

type Mode = 'alerts on' | 'alerts off';

interface ModeResult {
  mode: Mode;
  round: number;
  storedPerSec: number;
  ackP99Ms: number;
  apiCpuPercent: number;
  machineBusyPercent: number;
  /** Emit of a breaching reading → its alert_raised on the feed (alerts on only). */
  raiseMs: number[];
  probesMissing: number;
  /** The API's own histogram of reading arrival → AlertRaised, over the CPU window's probes. */
  server?: RaiseHistogram;
}

const t0 = performance.now();

function options(): Options {
  const { values } = parseArgs({
    options: {
      kiosks: { type: 'string' },
      interval: { type: 'string' },
      duration: { type: 'string' },
      rounds: { type: 'string' },
      probes: { type: 'string' },
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'from-source': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick === true;
  const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
  return {
    // --quick keeps 2,000 readings/s (2,000 kiosks every second) for a shorter, single round.
    kiosks: num(values.kiosks, quick ? 2000 : 10000),
    intervalSec: num(values.interval, quick ? 1 : 5),
    durationSec: num(values.duration?.replace(/s$/, ''), quick ? 12 : 30),
    rounds: num(values.rounds, quick ? 2 : 3),
    probes: num(values.probes, quick ? 60 : 200),
    quick,
    fromSource: values['from-source'] === true || !existsSync(join(__dirname, '..', 'dist/apps/api/main.js')),
    json: values.json === true,
    only: values.only,
    adminUrl: BENCH_ADMIN_DB_URL,
    redisUrl: BENCH_REDIS_URL,
  };
}

const say = (o: Options, msg: string) => {
  if (!o.json) console.error(`[bench +${((performance.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
};

async function runMode(o: Options, mode: Mode, roundNo: number): Promise<ModeResult> {
  const tag = `${mode === 'alerts on' ? 'on' : 'off'}_${roundNo}`;
  const dbName = `kiosk_bench_alerts_${process.pid}_${tag}`;
  const prefix = `bench-alerts:${process.pid}:${tag}:`;
  const dbUrl = databaseUrl(o.adminUrl, dbName);
  const logFile = join(mkdtempSync(join(tmpdir(), 'kiosk-bench-alerts-')), 'api.log');
  const sockets: Socket[] = [];
  let apiProcess: ChildProcess | undefined;
  let gen: RpcClient | undefined;
  await withAdmin(o.adminUrl, (c) => c.query(`CREATE DATABASE ${dbName}`));
  try {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    apiProcess = startApi(
      o.fromSource,
      {
        PORT: String(port),
        DATABASE_URL: dbUrl,
        REDIS_URL: o.redisUrl,
        REDIS_KEY_PREFIX: prefix,
        TELEMETRY_INTERVAL_SEC: String(o.intervalSec),
        ENABLED_MODULES: mode === 'alerts on' ? 'kiosk,telemetry,alert' : 'kiosk,telemetry',
      },
      logFile,
    );
    gen = new RpcClient(forkTs('load-generator'), 'load generator');
    await waitReady(baseUrl, apiProcess, 120_000);
    const token = await login(baseUrl);
    say(
      o,
      `${mode} (round ${roundNo}): API ready (log ${logFile}); registering ${o.kiosks} + ${o.probes} kiosks`,
    );
    const creds = await registerKiosks(baseUrl, token, o.kiosks, `BA-${tag}`);
    // The feed watcher is an operator owning only the probe kiosks: it receives their events.
    const watcher = { username: `bench-op-${tag}`, password: 'bench-operator-password-1' };
    const opUser = await api<{ id: string }>(baseUrl, token, 'POST', '/users', {
      ...watcher,
      role: 'operator',
    });
    const probes: { id: number; serial: string; secret: string }[] = [];
    for (let i = 0; i < o.probes; i++) {
      const serial = `BP-${tag}-${i}`;
      const r = await api<{ kiosk: { id: number; code: string }; secret: string }>(
        baseUrl,
        token,
        'POST',
        '/kiosks',
        {
          serial,
          name: serial,
          location: { lat: 0, lng: 0 },
          tags: [PROBE_TAG],
        },
      );
      await api(baseUrl, token, 'POST', '/kiosks/assign', { code: r.kiosk.code, userId: opUser.id });
      probes.push({ id: r.kiosk.id, serial, secret: r.secret });
    }
    const opLogin = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(watcher),
    });
    const opToken = ((await opLogin.json()) as { accessToken: string }).accessToken;
    if (mode === 'alerts on')
      for (const rule of EXTRA_RULES) await api(baseUrl, token, 'POST', '/alert-rules', rule);

    const raisedAt = new Map<number, number>();
    const probeSockets: Socket[] = [];
    for (const p of probes) {
      const s = await connectSocket(`${baseUrl}/kiosks`, { serial: p.serial, secret: p.secret });
      sockets.push(s);
      probeSockets.push(s);
      await s.timeout(10_000).emitWithAck('kiosk_join', {});
    }
    const conn = await gen.call<ConnectResult>(
      'connect',
      { url: baseUrl, kiosks: creds, ratePerSec: 500 },
      (o.kiosks / 500) * 1000 + 60_000,
    );
    say(
      o,
      `${mode}: ${conn.connected}/${o.kiosks} kiosks connected; steady at ${o.kiosks / o.intervalSec}/s`,
    );
    await gen.call('steadyStart', { intervalSec: o.intervalSec }, 10_000);
    // Probe kiosks report like the others (normal readings every interval), so a breaching reading
    // meets a kiosk whose rule state is warm, as in a fleet that has been running.
    const probeSeq = probes.map(() => 0);
    const due = probes.map(() => Number.POSITIVE_INFINITY);
    const sentAt = new Map<number, number>();
    const probeTimers = probeSockets.map((s, i) =>
      setInterval(() => {
        const breach = performance.now() >= due[i] && !sentAt.has(probes[i].id);
        if (breach) sentAt.set(probes[i].id, performance.now());
        s.emit('kiosk_update', reading(++probeSeq[i], breach ? 115 : 55));
      }, o.intervalSec * 1000),
    );
    await sleep(o.intervalSec * 1000 * 2 + 1000);

    // 1. CPU window: the fleet reporting, half the probes breaching one after another, nobody
    //    watching the live feed (its telemetry stream would dominate both modes and flatter the
    //    ratio). The server times reading arrival → AlertRaised itself (alert_raise_latency_seconds).
    const half = Math.ceil(probes.length / 2);
    const spread = (from: number, to: number, start: number) => {
      for (let i = from; i < to; i++) {
        due[i] = start + ((i - from) / (to - from)) * (o.durationSec - o.intervalSec) * 1000;
      }
    };
    const meter = new CpuMeter();
    const pid = apiProcess.pid as number;
    meter.start({ api: [pid] });
    await gen.call('windowStart', {}, 10_000);
    spread(0, half, performance.now());
    await sleep(o.durationSec * 1000);
    const stats = await gen.call<WindowStats>('windowStop', {}, 10_000);
    const cpu = meter.stop({ api: [pid] });
    await sleep(2000);
    const server = mode === 'alerts on' ? await raiseHistogram(baseUrl) : undefined;

    // 2. Feed latency (alerts on): an operator owning only the probe kiosks watches the feed; the
    //    other half of the probes breach, timed from emit to alert_raised on that socket.
    const raiseMs: number[] = [];
    if (mode === 'alerts on') {
      const feed = await connectSocket(`${baseUrl}/admin`, { token: opToken });
      sockets.push(feed);
      feed.on('alert_raised', (a: { kioskId: number | null }) => {
        if (a.kioskId !== null && !raisedAt.has(a.kioskId)) raisedAt.set(a.kioskId, performance.now());
      });
      await sleep(1500);
      spread(half, probes.length, performance.now());
      await sleep(o.durationSec * 1000 + 2000);
      for (let i = half; i < probes.length; i++) {
        const sent = sentAt.get(probes[i].id);
        const got = raisedAt.get(probes[i].id);
        if (sent !== undefined && got !== undefined) raiseMs.push(got - sent);
      }
    }
    for (const timer of probeTimers) clearInterval(timer);
    await gen.call('steadyStop', {}, 30_000);
    const result: ModeResult = {
      mode,
      round: roundNo,
      storedPerSec: stats.storedPerSec,
      ackP99Ms: stats.latencyMs.p99,
      apiCpuPercent: cpu.percent.api,
      machineBusyPercent: cpu.machineBusyPercent,
      raiseMs,
      probesMissing: mode === 'alerts on' ? probes.length - half - raiseMs.length : 0,
      server,
    };
    say(
      o,
      `${mode}: ${round(stats.storedPerSec, 0)} stored/s, API CPU ${round(cpu.percent.api)} % of a core` +
        (server
          ? `; server-side: ${server.count}/${half} raised, p99 ≤ ${server.p99UpperMs} ms;` +
            ` via the feed: ${raiseMs.length}/${probes.length - half}`
          : ''),
    );
    return result;
  } finally {
    for (const s of sockets) s.close();
    if (gen) await gen.call('disconnect', {}, 30_000).catch(() => undefined);
    gen?.child.kill('SIGTERM');
    if (apiProcess) await stopApi(apiProcess);
    await withAdmin(o.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    await flushRedisPrefix(o.redisUrl, prefix);
  }
}

function report(o: Options, results: ModeResult[]): string {
  const on = results.filter((r) => r.mode === 'alerts on');
  const off = results.filter((r) => r.mode === 'alerts off');
  const cpuOn = median(on.map((r) => r.apiCpuPercent));
  const cpuOff = median(off.map((r) => r.apiCpuPercent));
  const ratio = cpuOn / cpuOff;
  const raise = on.flatMap((r) => r.raiseMs).sort((a, b) => a - b);
  const missing = on.reduce((n, r) => n + r.probesMissing, 0);
  const p99 = percentileSorted(raise, 99);
  const serverP99 = Math.max(...on.map((r) => r.server?.p99UpperMs ?? Number.NaN));
  const lines = [
    `alerts bench${o.quick ? ' (quick)' : ''}${o.fromSource ? ' (from source)' : ''} — ${new Date().toISOString()}`,
    `${o.kiosks} kiosks every ${o.intervalSec} s (${o.kiosks / o.intervalSec} readings/s offered), ${o.durationSec} s windows, ${o.rounds} round(s); medians:`,
    `  stored/s            alerts off ${round(median(off.map((r) => r.storedPerSec)), 0)}   alerts on ${round(median(on.map((r) => r.storedPerSec)), 0)}`,
    `  ack p99 (ms)        alerts off ${round(median(off.map((r) => r.ackP99Ms)))}   alerts on ${round(median(on.map((r) => r.ackP99Ms)))}`,
    `  API CPU (% of core) alerts off ${round(cpuOff)}   alerts on ${round(cpuOn)}   per round: ${results.map((r) => `${r.mode === 'alerts on' ? 'on' : 'off'} ${round(r.apiCpuPercent)}`).join(', ')}`,
    `  machine busy (%)    ${results.map((r) => round(r.machineBusyPercent)).join(', ')} (other tenants of the machine included)`,
    `  CPU ratio on/off = ${round(ratio, 3)} (+${round((ratio - 1) * 100)} %)   target ≤ 1.10: ${ratio <= 1.1 ? 'met' : 'NOT met'}`,
    `  reading arrival → AlertRaised, server histogram: ${on
      .map(
        (r) =>
          `round ${r.round}: ${r.server?.count ?? 0} alerts, p50 ≤ ${r.server?.p50UpperMs} ms, p99 ≤ ${r.server?.p99UpperMs} ms, ${round((r.server?.within200 ?? NaN) * 100)} % within 200 ms`,
      )
      .join('; ')}`,
    `  target p99 ≤ 200 ms (server-side): ${serverP99 <= 200 ? 'met' : 'NOT met'}`,
    `  emit → alert_raised on an operator's feed (${raise.length} probes, ${missing} missing; the feed's own telemetry stream running): p50 ${round(percentileSorted(raise, 50))} ms  p99 ${round(p99)} ms  max ${round(raise[raise.length - 1] ?? NaN)} ms`,
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const o = options();
  const results: ModeResult[] = [];
  for (let r = 1; r <= o.rounds; r++) {
    const order: Mode[] = r % 2 ? ['alerts off', 'alerts on'] : ['alerts on', 'alerts off'];
    for (const mode of order) {
      if (!o.only || mode === `alerts ${o.only}`) results.push(await runMode(o, mode, r));
    }
  }
  if (o.json) console.log(JSON.stringify({ options: o, results }));
  else console.log(report(o, results));
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => void killChildren());
