import { parseArgs } from 'node:util';
import { apiEnvFromProcess, login, registerKiosks, scrapeMetrics } from './lib/api-process';
import { BENCH_ADMIN_DB_URL, BENCH_REDIS_URL } from './lib/args';
import { parseDuration, positive } from './lib/cli';
import { benchMain, Cleanups, guarded, launchBenchApi } from './lib/harness';
import { forkTs, RpcClient } from './lib/ipc';
import type { ConnectResult } from './lib/protocol';
import { errs, fmt } from './lib/report';
import {
  failsUpdate,
  RolloutTally,
  RolloutWindowStats,
  WaveRate,
  waveRates,
  WaveView,
} from './lib/rollout-protocol';
import { median, sleep } from './lib/stats';

/*
 * npm run bench:rollout -- [--kiosks 10000] [--waves 20,20,20,20,20] [--failure 0.02] [--json]
 *
 * A firmware rollout (CONTRACT §8 "Rollouts") over N kiosks connected from a child process
 * (lib/rollout-kiosks.ts) that report telemetry every interval, ack `update`, reboot and rejoin on
 * the new version; a fixed share fails the update. Measured in the same run: the API's telemetry
 * ack latency over a quiet window, then over the rollout; the rollout's wall time and command rate;
 * and, counted by the kiosks by command_id, how many were commanded twice (must be 0).
 */

interface Options {
  kiosks: number;
  waves: number[];
  failureRate: number;
  failureThreshold: number;
  waitSeconds: number;
  intervalSec: number;
  quietSec: number;
  installMs: number;
  rebootMs: number;
  connectRate: number;
  timeoutSec: number;
  json: boolean;
  apiNodeArgs: string[];
  apiEnv: Record<string, string>;
}

interface RolloutView {
  id: string;
  status: string;
  reason: string | null;
  kiosks: number;
  waves: WaveView[];
}

interface Result {
  config: Omit<Options, 'json' | 'apiNodeArgs' | 'apiEnv'>;
  setup: { registerSec: number; connect: ConnectResult };
  rollout: {
    status: string;
    reason: string | null;
    wallSec: number;
    waves: WaveRate[];
    /** Commands over the whole rollout, reboots and rejoins included. */
    commandsPerSec: number;
    /** Per wave: its kiosks over the time from its start to its last command reaching a kiosk. */
    waveCommandsPerSec: { min: number; median: number; max: number };
  };
  /** Counted by the kiosks (the receipt times are summed up into `rollout.waves`). */
  kiosks: Omit<RolloutTally, 'receivedAt'> & { expectedFailures: number };
  telemetry: {
    quiet: RolloutWindowStats & { loopLagP99Ms: number };
    rollout: RolloutWindowStats & { loopLagP99Ms: number };
    ratio: number;
  };
  targets: Array<{ name: string; pass: boolean; detail: string }>;
}

const FROM_VERSION = '4.2.0';
const TO_VERSION = '4.3.0';
const FINAL = new Set(['completed', 'aborted', 'cancelled']);

const USAGE = `npm run bench:rollout -- [options]
  --kiosks N            simulated kiosks, all targeted (default 10000)
  --waves P,P,...       percent of the kiosks per wave, summing to 100 (default 20,20,20,20,20)
  --failure R           share of kiosks whose update fails, 0..1 (default 0.02)
  --threshold R         the rollout's failureThreshold (default 0.1)
  --wait-seconds S      the rollout's waitSeconds between waves (default 0)
  --interval S          seconds between a kiosk's readings (default 5)
  --quiet D             quiet window measured before the rollout: 30 / 30s / 1m (default 30s)
  --install-ms MS       time from 'processing' to the final ack (default 500)
  --reboot-ms MS        time a kiosk is dark rebooting into the new image (default 3000)
  --connect-rate R      new kiosk connections per second (default 500)
  --timeout D           give up on the rollout after this long (default 10m)
  --json                print only the final JSON line on stdout
env: BENCH_DATABASE_ADMIN_URL, BENCH_REDIS_URL, BENCH_API_NODE_ARGS, BENCH_API_ENV (see bench:telemetry)`;

function parse(argv: string[]): Options {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      kiosks: { type: 'string' },
      waves: { type: 'string' },
      failure: { type: 'string' },
      threshold: { type: 'string' },
      'wait-seconds': { type: 'string' },
      interval: { type: 'string' },
      quiet: { type: 'string' },
      'install-ms': { type: 'string' },
      'reboot-ms': { type: 'string' },
      'connect-rate': { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (v.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const share = (name: string, raw: string | undefined, fallback: number) => {
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error(`--${name} must be in [0, 1], got "${raw}"`);
    return n;
  };
  const waves = (v.waves ?? '20,20,20,20,20').split(',').map(Number);
  if (
    !waves.every((p) => Number.isInteger(p) && p >= 1 && p <= 100) ||
    waves.reduce((a, b) => a + b, 0) !== 100
  )
    throw new Error(`--waves must be whole percents summing to 100, got "${v.waves}"`);
  const waitSeconds = v['wait-seconds'] === undefined ? 0 : Number(v['wait-seconds']);
  if (!Number.isInteger(waitSeconds) || waitSeconds < 0)
    throw new Error('--wait-seconds must be a whole number ≥ 0');
  const intervalSec = positive('interval', v.interval, 5);
  if (!Number.isInteger(intervalSec))
    throw new Error('--interval must be whole seconds (TELEMETRY_INTERVAL_SEC)');
  return {
    kiosks: Math.round(positive('kiosks', v.kiosks, 10_000)),
    waves,
    failureRate: share('failure', v.failure, 0.02),
    failureThreshold: share('threshold', v.threshold, 0.1),
    waitSeconds,
    intervalSec,
    quietSec: v.quiet ? parseDuration(v.quiet) : 30,
    installMs: positive('install-ms', v['install-ms'], 500),
    rebootMs: positive('reboot-ms', v['reboot-ms'], 3000),
    connectRate: positive('connect-rate', v['connect-rate'], 500),
    timeoutSec: v.timeout ? parseDuration(v.timeout) : 600,
    json: v.json === true,
    apiNodeArgs: (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
    apiEnv: apiEnvFromProcess(),
  };
}

const t0 = performance.now();
let quietLog = false;
const say = (msg: string) => {
  if (!quietLog) console.error(`[bench +${((performance.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
};

async function api<T>(baseUrl: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The API's event-loop lag p99 since the previous scrape (prom-client resets it on every scrape). */
const loopLagP99Ms = async (baseUrl: string) =>
  ((await scrapeMetrics(baseUrl)).get('nodejs_eventloop_lag_p99_seconds') ?? NaN) * 1000;

async function run(o: Options, cleanups: Cleanups): Promise<Result> {
  const launched = await launchBenchApi(
    {
      adminUrl: BENCH_ADMIN_DB_URL,
      redisUrl: BENCH_REDIS_URL,
      dbName: `kiosk_bench_rollout_${process.pid}`,
      redisPrefix: `bench:rollout:${process.pid}:`,
      intervalSec: o.intervalSec,
      apiNodeArgs: o.apiNodeArgs,
      apiEnv: o.apiEnv,
      // As `npm start` runs it: the Bull processors in the API process.
      apiArgs: ['--with-worker'],
      say,
    },
    cleanups,
  );
  const { baseUrl } = launched;
  // Boots (ts-node) while the API starts.
  const fleet = new RpcClient(forkTs('rollout-kiosks'), 'rollout kiosks');
  await launched.ready();
  say(`API ready on ${baseUrl}`);
  const token = await login(baseUrl);

  let t = performance.now();
  const creds = await guarded(launched, registerKiosks(baseUrl, token, o.kiosks, `BENCH-RO-${process.pid}`));
  const registerSec = (performance.now() - t) / 1000;
  say(`registered ${creds.length} kiosks in ${registerSec.toFixed(1)} s`);
  const connect = await guarded(
    launched,
    fleet.call<ConnectResult>(
      'connect',
      {
        url: baseUrl,
        kiosks: creds,
        ratePerSec: o.connectRate,
        intervalSec: o.intervalSec,
        firmwareVersion: FROM_VERSION,
        failureRate: o.failureRate,
        installMs: o.installMs,
        rebootMs: o.rebootMs,
      },
      (o.kiosks / o.connectRate) * 1000 + 60_000,
    ),
  );
  say(
    `connected ${connect.connected}/${o.kiosks} in ${connect.seconds.toFixed(1)} s ${errs(connect.failed)}`,
  );
  if (connect.connected < o.kiosks) throw new Error(`only ${connect.connected} of ${o.kiosks} kiosks joined`);

  // One interval of warm-up (every kiosk has reported), then the quiet window.
  await guarded(launched, sleep(o.intervalSec * 1000 + 1000));
  await loopLagP99Ms(baseUrl);
  await fleet.call('windowStart', null, 10_000);
  await guarded(launched, sleep(o.quietSec * 1000));
  const quiet = await fleet.call<RolloutWindowStats>('windowStop', null, 10_000);
  const quietLag = await loopLagP99Ms(baseUrl);
  say(`quiet: ${quiet.acked} readings acked, p99 ${fmt(quiet.latencyMs.p99)} ms`);

  const created = await api<{ id: string }>(baseUrl, token, 'POST', '/rollouts', {
    name: `bench ${TO_VERSION}`,
    command: 'update',
    params: {
      version: TO_VERSION,
      url: `https://updates.example.com/kiosk-${TO_VERSION}.img`,
      sha256: 'a'.repeat(64),
    },
    target: { kioskIds: creds.map((c) => c.id) },
    waves: o.waves,
    failureThreshold: o.failureThreshold,
    waitSeconds: o.waitSeconds,
  });
  await fleet.call('windowStart', null, 10_000);
  t = performance.now();
  await api(baseUrl, token, 'POST', `/rollouts/${created.id}/start`);
  let view: RolloutView | null = null;
  let lastSaid = '';
  while (performance.now() - t < o.timeoutSec * 1000) {
    view = await guarded(launched, api<RolloutView>(baseUrl, token, 'GET', `/rollouts/${created.id}`));
    const line = `${view.status}: ${view.waves.map((w) => `${w.succeeded}+${w.failed}/${w.kiosks}`).join(' ')}`;
    if (line !== lastSaid) say((lastSaid = line));
    if (FINAL.has(view.status)) break;
    await sleep(500);
  }
  const wallSec = (performance.now() - t) / 1000;
  const during = await fleet.call<RolloutWindowStats>('windowStop', null, 10_000);
  const rolloutLag = await loopLagP99Ms(baseUrl);
  if (view === null || !FINAL.has(view.status))
    throw new Error(`the rollout did not finish within ${o.timeoutSec} s (${view?.status})`);
  // Acks in flight when the rollout closed, and rejoins of the last wave, land before the count.
  await sleep(o.rebootMs + 2000);
  const tally = await fleet.call<RolloutTally>('results', null, 30_000);
  await fleet.call('close', null, 30_000);

  const expectedFailures = creds.filter((c) => failsUpdate(c.serial, o.failureRate)).length;
  const { receivedAt, ...kioskSide } = tally;
  const waves = waveRates(view.waves, receivedAt);
  const rates = waves.map((w) => w.commandsPerSec).filter((r): r is number => r !== null);
  const ratio = during.latencyMs.p99 / quiet.latencyMs.p99;
  const succeeded = view.waves.reduce((a, w) => a + w.succeeded, 0);
  const failed = view.waves.reduce((a, w) => a + w.failed, 0);
  return {
    config: {
      kiosks: o.kiosks,
      waves: o.waves,
      failureRate: o.failureRate,
      failureThreshold: o.failureThreshold,
      waitSeconds: o.waitSeconds,
      intervalSec: o.intervalSec,
      quietSec: o.quietSec,
      installMs: o.installMs,
      rebootMs: o.rebootMs,
      connectRate: o.connectRate,
      timeoutSec: o.timeoutSec,
    },
    setup: { registerSec, connect },
    rollout: {
      status: view.status,
      reason: view.reason,
      wallSec,
      waves,
      commandsPerSec: tally.commands / wallSec,
      waveCommandsPerSec: {
        min: rates.length ? Math.min(...rates) : NaN,
        median: median(rates),
        max: rates.length ? Math.max(...rates) : NaN,
      },
    },
    kiosks: { ...kioskSide, expectedFailures },
    telemetry: {
      quiet: { ...quiet, loopLagP99Ms: quietLag },
      rollout: { ...during, loopLagP99Ms: rolloutLag },
      ratio,
    },
    targets: [
      { name: 'rollout completed', pass: view.status === 'completed', detail: view.status },
      {
        name: 'kiosks commanded twice',
        pass: tally.kiosksCommandedTwice === 0,
        detail: `${tally.kiosksCommandedTwice} (repeated deliveries ${tally.repeatedDeliveries}; target 0)`,
      },
      {
        name: 'every kiosk commanded once',
        pass: tally.kiosksCommanded === o.kiosks,
        detail: `${tally.kiosksCommanded} of ${o.kiosks}`,
      },
      {
        name: 'server counts = kiosk side',
        pass: succeeded === o.kiosks - expectedFailures && failed === expectedFailures,
        detail: `succeeded ${succeeded} (expected ${o.kiosks - expectedFailures}), failed ${failed} (expected ${expectedFailures})`,
      },
      {
        name: 'telemetry ack p99 rollout / quiet',
        pass: ratio <= 1.5,
        detail: `${fmt(ratio, 2)}× (target ≤ 1.5×)`,
      },
    ],
  };
}

function render(r: Result): string {
  const q = r.telemetry.quiet;
  const d = r.telemetry.rollout;
  const row = (name: string, w: RolloutWindowStats & { loopLagP99Ms: number }) =>
    `  ${name.padEnd(8)} ${fmt(w.seconds)} s: ${w.acked} readings acked, p50 ${fmt(w.latencyMs.p50)} ms, ` +
    `p99 ${fmt(w.latencyMs.p99)} ms, max ${fmt(w.latencyMs.max)} ms; not acked: ${errs(w.errors)}; ` +
    `API event-loop lag p99 ${fmt(w.loopLagP99Ms)} ms`;
  const k = r.kiosks;
  return [
    `rollout bench — ${r.config.kiosks} kiosks, waves ${r.config.waves.join('/')} %, ${r.config.failureRate * 100} % ` +
      `failing, threshold ${r.config.failureThreshold}, telemetry every ${r.config.intervalSec} s`,
    `  setup: registered in ${fmt(r.setup.registerSec)} s, ${r.setup.connect.connected} connected in ${fmt(r.setup.connect.seconds)} s`,
    `rollout: ${r.rollout.status}${r.rollout.reason ? ` (${r.rollout.reason})` : ''} — wall time ${fmt(r.rollout.wallSec)} s`,
    `  commands issued: ${k.commands}, ${fmt(r.rollout.commandsPerSec)}/s over the whole rollout (reboots and ` +
      `rejoins included); per wave, start → last command at its kiosk: median ` +
      `${fmt(r.rollout.waveCommandsPerSec.median)}/s (min ${fmt(r.rollout.waveCommandsPerSec.min)}, ` +
      `max ${fmt(r.rollout.waveCommandsPerSec.max)})`,
    ...r.rollout.waves.map(
      (w) =>
        `  wave ${w.index}: ${w.kiosks} kiosks, ${w.succeeded} succeeded, ${w.failed} failed, ${w.pending} pending; ` +
        `${w.durationSec === null ? 'unfinished' : `${fmt(w.durationSec)} s`}, commands at ${fmt(w.commandsPerSec ?? NaN)}/s`,
    ),
    `  kiosk side: ${k.kiosksCommanded} commanded, ${k.acksSucceeded} success / ${k.acksFailed} error acks ` +
      `(${k.expectedFailures} meant to fail), ${k.rejoinedOnNewVersion} rejoined on ${TO_VERSION}; ` +
      `commanded twice ${k.kiosksCommandedTwice}, repeated deliveries ${k.repeatedDeliveries}; ack problems ${errs(k.ackErrors)}`,
    'telemetry ack (emit → ack):',
    row('quiet', q),
    row('rollout', d),
    `  ratio p99 rollout / quiet ${fmt(r.telemetry.ratio, 2)}×`,
    'targets' + (r.config.kiosks === 10_000 ? '' : ' (defined at 10,000 kiosks: indicative here)') + ':',
    ...r.targets.map((x) => `  ${x.pass ? 'PASS' : 'FAIL'}  ${x.name}: ${x.detail}`),
  ].join('\n');
}

void benchMain<Options, Result>({
  parse: (argv) => {
    const o = parse(argv);
    quietLog = o.json;
    return o;
  },
  // Registration (~100/s with argon2), connection, warm-up, quiet window, the rollout, and slack.
  budgetSec: (o) =>
    o.kiosks / 50 + o.kiosks / o.connectRate + o.intervalSec + o.quietSec + o.timeoutSec + 180,
  run,
  render,
});
