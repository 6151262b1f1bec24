import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { login, registerKiosks, scrapeMetrics, stopApi, withAdmin } from './lib/api-process';
import { BenchOptions, parseCli } from './lib/cli';
import { BenchApi, benchMain, Cleanups, guarded, launchBenchApi } from './lib/harness';
import { forkTs, RpcClient } from './lib/ipc';
import {
  API_PACE,
  backendPids,
  checkFileDescriptors,
  closedLoop,
  medianRss,
  mergeRounds,
  rssDuring,
  settledRss,
} from './lib/measure';
import { CpuMeter, rssBytes } from './lib/proc-stats';
import type { ConnectResult, KioskCredential, Totals, WindowStats, WritePathResult } from './lib/protocol';
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

/** What the phases share: the processes and where things are. */
interface Ctx extends BenchApi {
  opts: BenchOptions;
  gen: RpcClient;
  bareGen: RpcClient;
  bare: RpcClient;
  writePath: RpcClient;
  apiGroups: () => Promise<Record<string, number[]>>;
}

async function setup(opts: BenchOptions, cleanups: Cleanups): Promise<Ctx> {
  const dbName = `kiosk_bench_${process.pid}`;
  const prefix = `bench:${process.pid}:`;
  const launched = await launchBenchApi(
    {
      adminUrl: opts.adminUrl,
      redisUrl: opts.redisUrl,
      dbName,
      redisPrefix: prefix,
      intervalSec: opts.intervalSec,
      apiNodeArgs: opts.apiNodeArgs,
      apiEnv: opts.apiEnv,
      say: (msg) => say(opts, msg),
    },
    cleanups,
  );
  const { api, dbUrl, baseUrl } = launched;
  // Children that only need to boot (ts-node) start now, while the API starts.
  const gen = new RpcClient(forkTs('load-generator'), 'load generator');
  const bareGen = new RpcClient(forkTs('load-generator'), 'load generator (bare)');
  const bare = new RpcClient(forkTs('bare-server', {}, opts.bareNodeArgs), 'bare server');
  await launched.ready();
  say(opts, `API ready on ${baseUrl} (pid ${api.pid})`);

  // Needs the migrated schema; boots (Nest + ts-node) while the kiosks are registered.
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
  const apiPid = launched.apiPid;
  return {
    ...launched,
    opts,
    gen,
    bareGen,
    bare,
    writePath,
    apiGroups: async () => ({
      api: [apiPid],
      'load generator': [gen.pid],
      postgres: await backendPids(opts.adminUrl, dbName),
    }),
  };
}

async function steadyPhase(ctx: Ctx, creds: KioskCredential[]) {
  const { opts, gen, apiPid, baseUrl } = ctx;
  // Baseline: after registration, with every child booted, before the first socket, once the
  // registration burst's garbage has been given back.
  const baseline = await settledRss(apiPid);
  const rssBaseline = baseline.bytes;
  say(
    opts,
    `baseline RSS ${(rssBaseline / 2 ** 20).toFixed(0)} MB ` +
      `(${baseline.settled ? 'settled' : 'still moving'} after ${(baseline.waitedMs / 1000).toFixed(1)} s)`,
  );
  const memBaseline = await scrapeMetrics(baseUrl);

  const t = performance.now();
  const conn = await guarded(
    ctx,
    gen.call<ConnectResult>(
      'connect',
      { url: baseUrl, kiosks: creds, ratePerSec: opts.connectRate },
      (opts.kiosks / opts.connectRate) * 1000 + 60_000,
    ),
  );
  const connectSec = (performance.now() - t) / 1000;
  say(opts, `connected ${conn.connected}/${opts.kiosks} in ${connectSec.toFixed(1)} s`);
  if (conn.connected === 0) throw new Error(`no kiosk could connect: ${JSON.stringify(conn.failed)}`);

  // One interval of warm-up so that every kiosk has sent, then the measured window.
  await gen.call('steadyStart', { intervalSec: opts.intervalSec }, 10_000);
  await sleep(opts.intervalSec * 1000 + 500);
  // prom-client's eventLoopLag collector (node_modules/prom-client/lib/metrics/eventLoopLag.js)
  // reads a perf_hooks monitorEventLoopDelay histogram on every scrape and then reset()s it. So
  // this scrape throws the warm-up away and the scrape at the end reports exactly the window.
  // Nothing else scrapes this private API. The histogram samples every 10 ms (prom-client's
  // default resolution), so an idle loop already reads ~10 ms.
  await scrapeMetrics(baseUrl);
  const meter = new CpuMeter();
  meter.start(await ctx.apiGroups());
  await gen.call('windowStart', {}, 10_000);
  const rssSamples = await rssDuring(apiPid, opts.durationSec, (ms) => guarded(ctx, sleep(ms)));
  const stats = await gen.call<WindowStats>('windowStop', {}, 10_000);
  const cpu = meter.stop(await ctx.apiGroups());
  const memConnected = await scrapeMetrics(baseUrl);
  await guarded(ctx, gen.call('steadyStop', {}, 30_000));
  say(opts, `steady: ${stats.storedPerSec.toFixed(0)} stored/s, p99 ${stats.latencyMs.p99.toFixed(1)} ms`);

  const rssConnected = median(rssSamples.length ? rssSamples : [rssBytes(apiPid)]);
  // Where the RSS per kiosk lives: V8 heap (objects; used vs reserved) or outside it (Buffers).
  const perKioskKB = (metric: string) =>
    ((memConnected.get(metric) ?? Number.NaN) - (memBaseline.get(metric) ?? Number.NaN)) /
    1024 /
    conn.connected;
  return {
    conn,
    connectSec,
    steady: {
      expectedPerSec: conn.connected / opts.intervalSec,
      stats,
      cpuPercent: { ...cpu.percent, others: cpu.othersPercent },
      machineBusyPercent: cpu.machineBusyPercent,
      rssBaselineMB: rssBaseline / 2 ** 20,
      rssConnectedMB: rssConnected / 2 ** 20,
      rssPerKioskKB: (rssConnected - rssBaseline) / 1024 / conn.connected,
      heapPerKioskKB: {
        used: perKioskKB('nodejs_heap_size_used_bytes'),
        total: perKioskKB('nodejs_heap_size_total_bytes'),
        external: perKioskKB('nodejs_external_memory_bytes'),
      },
      eventLoopLagP99Ms: (memConnected.get('nodejs_eventloop_lag_p99_seconds') ?? Number.NaN) * 1000,
    },
  };
}

/** Every reading acknowledged as stored must be in the table, once. */
async function countRows(ctx: Ctx, creds: KioskCredential[]): Promise<BenchResult['rowCheck']> {
  const totals = await ctx.gen.call<Totals>('totals', {}, 10_000);
  const rows = await withAdmin(ctx.dbUrl, async (c) => {
    const r = await c.query<{ n: string }>(
      'SELECT count(*) AS n FROM telemetry WHERE kiosk_id = ANY($1::int[])',
      [creds.map((k) => k.id)],
    );
    return Number(r.rows[0]?.n);
  });
  // An ack that timed out may still have been stored: then the counts legitimately differ.
  return { rows, acked: totals.stored, timeouts: totals.timeouts, match: rows === totals.stored };
}

/**
 * Connects as many fake kiosks to the bare server as the API has (it accepts any credentials).
 * Answers the bare server's RSS per connected socket, idle and under the API's steady load: what
 * the transport alone costs per kiosk.
 */
async function connectBare(ctx: Ctx, kiosks: number): Promise<{ idle: number; loaded: number }> {
  const port = await ctx.bare.call<number>('listen', {}, 30_000);
  const before = await medianRss(ctx.bare.pid, 3, 200);
  const fake = Array.from({ length: kiosks }, (_, i) => ({
    id: i + 1,
    serial: `BARE-${i + 1}`,
    secret: 'x',
  }));
  const conn = await ctx.bareGen.call<ConnectResult>(
    'connect',
    { url: `http://127.0.0.1:${port}`, kiosks: fake, ratePerSec: 2000 },
    kiosks + 60_000,
  );
  say(ctx.opts, `bare server: ${conn.connected} kiosks connected in ${conn.seconds.toFixed(1)} s`);
  if (conn.connected < kiosks) throw new Error(`bare server: only ${conn.connected}/${kiosks} connected`);
  await sleep(500);
  const idle = ((await medianRss(ctx.bare.pid, 3, 200)) - before) / 1024 / kiosks;
  // The same steady load as the API's window: what the transport alone holds per kiosk under it.
  await ctx.bareGen.call('steadyStart', { intervalSec: ctx.opts.intervalSec }, 10_000);
  await sleep(ctx.opts.intervalSec * 1000 + 500);
  const samples = await rssDuring(ctx.bare.pid, ctx.opts.durationSec);
  await ctx.bareGen.call('steadyStop', {}, 30_000);
  return { idle, loaded: (median(samples) - before) / 1024 / kiosks };
}

/** API and bare server in alternating rounds (see mergeRounds), both with every kiosk connected. */
async function ceilings(ctx: Ctx) {
  const { opts, bare, bareGen } = ctx;
  const bareGroups = async () => ({ 'bare server': [bare.pid], 'load generator': [bareGen.pid] });
  const timing = { warmupSec: opts.ceilingWarmupSec, seconds: opts.ceilingSec / opts.ceilingRounds };
  const api: ClosedLoopResult[] = [];
  const bareRounds: ClosedLoopResult[] = [];
  for (let i = 0; i < opts.ceilingRounds; i++) {
    api.push(await guarded(ctx, closedLoop(ctx.gen, API_PACE, timing, ctx.apiGroups)));
    bareRounds.push(await closedLoop(bareGen, undefined, timing, bareGroups));
    const [a, b] = [api[i] as ClosedLoopResult, bareRounds[i] as ClosedLoopResult];
    say(
      opts,
      `ceiling round ${i + 1}: API ${a.stats.storedPerSec.toFixed(0)}/s, bare ${b.stats.storedPerSec.toFixed(0)}/s`,
    );
  }
  return { api: mergeRounds(api), bare: mergeRounds(bareRounds) };
}

async function run(opts: BenchOptions, cleanups: Cleanups): Promise<BenchResult> {
  const started = performance.now();
  const note = checkFileDescriptors(opts.kiosks);
  if (note) say(opts, note);
  const ctx = await setup(opts, cleanups);
  const apiReadySec = (performance.now() - started) / 1000;
  const writeBoot = ctx.writePath.call('boot', {}, 120_000);

  let t = performance.now();
  const token = await login(ctx.baseUrl);
  const serials = `BENCH-${process.pid}`;
  const creds = await guarded(ctx, registerKiosks(ctx.baseUrl, token, opts.kiosks, serials));
  const registerSec = (performance.now() - t) / 1000;
  say(opts, `registered ${creds.length} kiosks in ${registerSec.toFixed(1)} s`);
  await writeBoot;

  const { conn, connectSec, steady } = await steadyPhase(ctx, creds);

  // The bare server's kiosks connect while the API's are idle (pings only): both sides then run
  // with the full fleet connected.
  const bareRss = await connectBare(ctx, conn.connected);
  say(opts, 'ceiling: API and bare socket.io in alternating closed-loop rounds');
  const { api: apiLoop, bare: bareLoop } = await ceilings(ctx);
  const rowCheck = await countRows(ctx, creds);
  await Promise.all([ctx.gen.call('disconnect', {}, 30_000), ctx.bareGen.call('disconnect', {}, 30_000)]);
  for (const child of [ctx.gen.child, ctx.bareGen.child, ctx.bare.child]) child.kill('SIGTERM');
  await stopApi(ctx.api);

  say(opts, 'write path: TelemetryBatchWriter vs one INSERT per reading');
  t = performance.now();
  const wp = await ctx.writePath.call<WritePathResult>(
    'run',
    { readings: opts.writePathReadings, repeats: opts.writePathRepeats },
    300_000,
  );
  await ctx.writePath.call('close', {}, 30_000);
  say(opts, `write path measured in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  if (process.env.BENCH_KEEP_LOGS) say(opts, `kept ${ctx.logDir}`);
  else rmSync(ctx.logDir, { recursive: true, force: true });
  const result: Omit<BenchResult, 'targets'> = {
    config: {
      kiosks: opts.kiosks,
      intervalSec: opts.intervalSec,
      durationSec: opts.durationSec,
      quick: opts.quick,
      cores: cpus().length,
    },
    setup: { apiReadySec, registerSec, connectSec, connected: conn.connected, connectFailures: conn.failed },
    steady: { ...steady, bareRssPerKioskKB: bareRss.idle, bareLoadedRssPerKioskKB: bareRss.loaded },
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
    rowCheck,
    wallSec: (performance.now() - started) / 1000,
  };
  return { ...result, targets: evaluateTargets(result) };
}

void benchMain({
  parse: parseCli,
  // Bounded in time whatever happens: registration, connections, every phase and a margin.
  budgetSec: (opts) => 300 + opts.durationSec + opts.kiosks / 20,
  run,
  render: renderReport,
});
