import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  databaseUrl,
  flushRedisPrefix,
  freePort,
  login,
  registerKiosks,
  scrapeMetrics,
  startApi,
  stopApi,
  waitReady,
  withAdmin,
} from './lib/api-process';
import { BenchOptions, parseCli } from './lib/cli';
import { forkTs, killChildren, RpcClient } from './lib/ipc';
import { CpuMeter, rssBytes } from './lib/proc-stats';
import type {
  ConnectResult,
  KioskCredential,
  Totals,
  WindowStats,
  WritePathParams,
  WritePathResult,
} from './lib/protocol';
import { BenchResult, ClosedLoopResult, evaluateTargets, renderReport } from './lib/report';
import { median, sleep } from './lib/stats';

/*
 * npm run bench:telemetry -- --kiosks N --interval S --duration D [--quick] [--json]
 *
 * Starts the built API on a fresh database, connects N kiosks from a separate load-generator
 * process and measures the steady state, then the maximum rate of the API and of a bare socket.io
 * server (closed loop), then the write path against one INSERT per reading. See bench/lib/*.
 */

const t0 = performance.now();
const say = (opts: BenchOptions, msg: string) => {
  if (!opts.json) console.error(`[bench +${((performance.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
};

/** Every socket is a file descriptor; the limit is per process and cannot be raised from Node. */
function checkFileDescriptors(opts: BenchOptions): void {
  const limit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
  if (!Number.isFinite(limit)) return; // "unlimited"
  const need = opts.kiosks + 1024;
  if (limit < need) {
    throw new Error(
      `ulimit -n is ${limit}, but the API and the load generator each hold one socket per kiosk ` +
        `(~${need} descriptors). Raise it first, e.g. \`ulimit -n 65536\` in this shell (a hard limit ` +
        `needs root or /etc/security/limits.conf), then run the bench again.`,
    );
  }
  if (limit < 25_000) {
    say(
      opts,
      `note: ulimit -n is ${limit} (< 25,000). That is enough here because the limit is per process and ` +
        `each process holds ~${need} descriptors; for more kiosks run \`ulimit -n 65536\` first.`,
    );
  }
}

async function backendPids(adminUrl: string, db: string): Promise<number[]> {
  return withAdmin(adminUrl, async (c) => {
    const r = await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [db]);
    return r.rows.map((row) => row.pid);
  });
}

/** Median of a few samples: with no way to force a GC in the API, one sample is too noisy. */
async function medianRss(pid: number, samples: number, everyMs: number): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < samples; i++) {
    values.push(rssBytes(pid));
    if (i < samples - 1) await sleep(everyMs);
  }
  return median(values);
}

/**
 * ~2,000 messages in flight, over as many sockets as possible (up to 2,000): with the API's
 * default per-kiosk limit of 20 readings/s, fewer sockets would cap the API below its real ceiling.
 * The bare server gets exactly the same shape.
 */
function ceilingShape(connected: number): { connections: number; window: number } {
  const connections = Math.min(connected, 2000);
  return { connections, window: Math.max(1, Math.min(8, Math.ceil(2000 / connections))) };
}

/** The API's defaults (KIOSK_RATE_LIMIT_PER_SEC 20, _BURST 40), with a margin for jitter. */
const API_PACE = { perSec: 19, burst: 30 };

/** Runs one closed-loop measurement on a load generator whose kiosks are already connected. */
async function closedLoop(
  gen: RpcClient,
  shape: { connections: number; window: number },
  pace: { perSec: number; burst: number } | undefined,
  opts: BenchOptions,
  groups: () => Promise<Record<string, number[]>>,
): Promise<ClosedLoopResult> {
  await gen.call('loopStart', { ...shape, pace }, 10_000);
  await sleep(opts.ceilingWarmupSec * 1000);
  const meter = new CpuMeter();
  meter.start(await groups());
  await gen.call('windowStart', {}, 10_000);
  await sleep(opts.ceilingSec * 1000);
  const stats = await gen.call<WindowStats>('windowStop', {}, 10_000);
  const cpu = meter.stop(await groups());
  await gen.call('loopStop', {}, 30_000);
  return { ...shape, stats, cpuPercent: cpu.percent, machineBusyPercent: cpu.machineBusyPercent };
}

async function run(opts: BenchOptions, cleanups: Array<() => Promise<unknown>>): Promise<BenchResult> {
  const started = performance.now();
  checkFileDescriptors(opts);
  const dbName = `kiosk_bench_${process.pid}`;
  const prefix = `bench:${process.pid}:`;
  const dbUrl = databaseUrl(opts.adminUrl, dbName);
  const logDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-'));
  say(opts, `logs in ${logDir}`);

  await withAdmin(opts.adminUrl, (c) => c.query(`CREATE DATABASE ${dbName}`));
  cleanups.push(() =>
    withAdmin(opts.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)),
  );
  cleanups.push(() => flushRedisPrefix(opts.redisUrl, prefix));
  cleanups.push(() => killChildren());

  // Children that only need to boot (ts-node) start now, while the API starts.
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const api = startApi({
    databaseUrl: dbUrl,
    redisUrl: opts.redisUrl,
    port,
    redisPrefix: prefix,
    intervalSec: opts.intervalSec,
    logFile: join(logDir, 'api.log'),
    nodeOptions: opts.apiNodeOptions,
  });
  const apiPid = api.pid as number;
  const gen = new RpcClient(forkTs('load-generator'), 'load generator');
  const bareGen = new RpcClient(forkTs('load-generator'), 'load generator (bare)');
  const bare = new RpcClient(forkTs('bare-server'), 'bare server');
  await waitReady(baseUrl, api, 90_000);
  const apiReadySec = (performance.now() - started) / 1000;
  say(opts, `API ready on ${baseUrl} after ${apiReadySec.toFixed(1)} s (pid ${apiPid})`);

  const writePath = new RpcClient(
    forkTs('write-path', {
      DATABASE_URL: dbUrl,
      REDIS_URL: opts.redisUrl,
      REDIS_KEY_PREFIX: prefix,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: '4',
    }),
    'write path',
  );
  const writeBoot = writePath.call('boot', {}, 120_000);

  const token = await login(baseUrl);
  let t = performance.now();
  const creds: KioskCredential[] = await registerKiosks(baseUrl, token, opts.kiosks, `BENCH-${process.pid}`);
  const registerSec = (performance.now() - t) / 1000;
  say(opts, `registered ${creds.length} kiosks in ${registerSec.toFixed(1)} s`);
  await writeBoot;

  // Baseline: after registration and every child has booted, before the first socket.
  await sleep(1000);
  const rssBaseline = await medianRss(apiPid, 5, 200);

  t = performance.now();
  const conn = await gen.call<ConnectResult>(
    'connect',
    { url: baseUrl, kiosks: creds, ratePerSec: opts.connectRate },
    (opts.kiosks / opts.connectRate) * 1000 + 60_000,
  );
  const connectSec = (performance.now() - t) / 1000;
  say(opts, `connected ${conn.connected}/${opts.kiosks} in ${connectSec.toFixed(1)} s`);
  if (conn.connected === 0) throw new Error(`no kiosk could connect: ${JSON.stringify(conn.failed)}`);

  // Steady state: one interval of warm-up so every kiosk has sent, then the measured window.
  await gen.call('steadyStart', { intervalSec: opts.intervalSec }, 10_000);
  await sleep(opts.intervalSec * 1000 + 500);
  const apiGroups = async () => ({
    api: [apiPid],
    'load generator': [gen.pid],
    postgres: await backendPids(opts.adminUrl, dbName),
  });
  const meter = new CpuMeter();
  // prom-client's eventLoopLag collector (node_modules/prom-client/lib/metrics/eventLoopLag.js)
  // reads a perf_hooks monitorEventLoopDelay histogram on every scrape and then reset()s it. So
  // this scrape throws away the warm-up and the scrape at the end reports exactly the window.
  // Nothing else scrapes this private API. The histogram samples every 10 ms (prom-client's
  // default resolution), so an idle loop already reads ~10 ms.
  await scrapeMetrics(baseUrl);
  meter.start(await apiGroups());
  await gen.call('windowStart', {}, 10_000);
  const rssSamples: number[] = [];
  const windowEnd = performance.now() + opts.durationSec * 1000;
  const every = Math.max(500, (opts.durationSec * 1000) / 10);
  while (performance.now() + every <= windowEnd) {
    await sleep(every);
    rssSamples.push(rssBytes(apiPid));
  }
  await sleep(Math.max(0, windowEnd - performance.now()));
  const steadyStats = await gen.call<WindowStats>('windowStop', {}, 10_000);
  const steadyCpu = meter.stop(await apiGroups());
  const lagP99 = (await scrapeMetrics(baseUrl)).get('nodejs_eventloop_lag_p99_seconds') ?? Number.NaN;
  await gen.call('steadyStop', {}, 30_000);
  const rssConnected = median(rssSamples.length ? rssSamples : [rssBytes(apiPid)]);
  say(
    opts,
    `steady: ${steadyStats.storedPerSec.toFixed(0)} stored/s, p99 ${steadyStats.latencyMs.p99.toFixed(1)} ms`,
  );

  say(opts, 'ceiling: API, closed loop');
  const shape = ceilingShape(conn.connected);
  const apiLoop = await closedLoop(gen, shape, API_PACE, opts, apiGroups);
  say(opts, `ceiling API: ${apiLoop.stats.storedPerSec.toFixed(0)} acked/s`);

  // Every reading acknowledged as stored must be in the table, once.
  const totals = await gen.call<Totals>('totals', {}, 10_000);
  const rows = await withAdmin(dbUrl, async (c) => {
    const r = await c.query<{ n: string }>(
      'SELECT count(*) AS n FROM telemetry WHERE kiosk_id = ANY($1::int[])',
      [creds.map((k) => k.id)],
    );
    return Number(r.rows[0]?.n);
  });
  await gen.call('disconnect', {}, 30_000);
  gen.child.kill('SIGTERM');
  await stopApi(api);

  say(opts, 'ceiling: bare socket.io, closed loop');
  const barePort = await bare.call<number>('listen', {}, 30_000);
  const fake = Array.from({ length: shape.connections }, (_, i) => ({
    id: i + 1,
    serial: `BARE-${i + 1}`,
    secret: 'x',
  }));
  const bareConn = await bareGen.call<ConnectResult>(
    'connect',
    { url: `http://127.0.0.1:${barePort}`, kiosks: fake, ratePerSec: 2000 },
    120_000,
  );
  const bareLoop = await closedLoop(bareGen, ceilingShape(bareConn.connected), undefined, opts, async () => ({
    'bare server': [bare.pid],
    'load generator': [bareGen.pid],
  }));
  say(opts, `ceiling bare: ${bareLoop.stats.storedPerSec.toFixed(0)} acked/s`);
  await bareGen.call('disconnect', {}, 30_000);
  bareGen.child.kill('SIGTERM');
  bare.child.kill('SIGTERM');

  say(opts, 'write path: TelemetryBatchWriter vs one INSERT per reading');
  const wpParams: WritePathParams = { readings: opts.writePathReadings, repeats: opts.writePathRepeats };
  const wp = await writePath.call<WritePathResult>('run', wpParams, 300_000);
  await writePath.call('close', {}, 30_000);

  say(opts, 'done');
  rmSync(logDir, { recursive: true, force: true });
  const result: Omit<BenchResult, 'targets'> = {
    config: {
      kiosks: opts.kiosks,
      intervalSec: opts.intervalSec,
      durationSec: opts.durationSec,
      quick: opts.quick,
      cores: cpus().length,
    },
    setup: { apiReadySec, registerSec, connectSec, connected: conn.connected, connectFailures: conn.failed },
    steady: {
      expectedPerSec: conn.connected / opts.intervalSec,
      stats: steadyStats,
      cpuPercent: steadyCpu.percent,
      machineBusyPercent: steadyCpu.machineBusyPercent,
      rssBaselineMB: rssBaseline / 2 ** 20,
      rssConnectedMB: rssConnected / 2 ** 20,
      rssPerKioskKB: (rssConnected - rssBaseline) / 1024 / conn.connected,
      eventLoopLagP99Ms: lagP99 * 1000,
    },
    ceiling: {
      api: apiLoop,
      bare: bareLoop,
      ratio: apiLoop.stats.storedPerSec / bareLoop.stats.storedPerSec,
    },
    writePath: {
      ...wp,
      readings: opts.writePathReadings,
      method: 'the real TelemetryBatchWriter in a Nest context (PlatformModule + TelemetryModule)',
    },
    rowCheck: { rows, acked: totals.stored, timeouts: totals.timeouts, match: rows === totals.stored },
    wallSec: (performance.now() - started) / 1000,
  };
  return { ...result, targets: evaluateTargets(result) };
}

async function main(): Promise<void> {
  let opts: BenchOptions;
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
  const cleanups: Array<() => Promise<unknown>> = [];
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const fn of cleanups.reverse()) {
        await fn().catch((e: unknown) =>
          console.error(`[bench] cleanup: ${e instanceof Error ? e.message : e}`),
        );
      }
    })());
  const abort = (why: string, code: number) => {
    console.error(`[bench] ${why}: stopping children and dropping the bench database`);
    void cleanup().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => abort('interrupted', 130));
  process.once('SIGTERM', () => abort('terminated', 143));
  // Bounded in time whatever happens: registration, connections, every phase and a margin.
  const budgetSec = 300 + opts.durationSec + opts.kiosks / 20;
  const watchdog = setTimeout(() => abort(`still running after ${budgetSec} s`, 1), budgetSec * 1000);

  try {
    const result = await run(opts, cleanups);
    await cleanup();
    clearTimeout(watchdog);
    if (!opts.json) console.log(renderReport(result));
    console.log(
      JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v)),
    );
    process.exit(0);
  } catch (e) {
    console.error(`[bench] failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    await cleanup();
    process.exit(1);
  }
}

void main();
