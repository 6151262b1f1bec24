import { rmSync } from 'node:fs';
import { cpus, setPriority } from 'node:os';
import { parseArgs } from 'node:util';
import { envSchema } from '../libs/core/src/config/env.schema';
import {
  allSamples,
  apiEnvFromProcess,
  assignKiosks,
  createUser,
  login,
  metricsText,
  registerKiosks,
  stopApi,
  unlabelledSamples,
  withAdmin,
} from './lib/api-process';
import { BENCH_ADMIN_DB_URL, BENCH_REDIS_URL } from './lib/args';
import type { Tally } from './lib/attack-tally';
import { parseDuration, positive } from './lib/cli';
import { BenchApi, benchMain, Cleanups, guarded, launchBenchApi } from './lib/harness';
import { evaluateTargets, HostileResult, PhaseResult, renderHostileReport } from './lib/hostile-report';
import type { OperatorParams } from './lib/hostile-operator';
import { forkTs, RpcClient } from './lib/ipc';
import { backendPids, checkFileDescriptors } from './lib/measure';
import { CpuMeter } from './lib/proc-stats';
import type { AckedSeqs, ConnectResult, KioskCredential, Totals, WindowStats } from './lib/protocol';
import { percentileSorted, sleep } from './lib/stats';

/*
 * npm run bench:hostile -- [--kiosks N] [--interval S] [--duration D] [--quick] [--json]
 *
 * Issue 16's figure: N well-behaved kiosks (load-generator process) report every S seconds to the
 * built API on a fresh database, through two phases of D seconds on the same API process: quiet,
 * then under attack by one hostile kiosk (its own valid secret) and one hostile operator (a phished
 * account, assigned some kiosks), each in its own process, repeating every attack of the issue.
 * Prints the well-behaved kiosks' ack latency and the API's event-loop lag in both phases, how the
 * server answered each attack, and the readings acked but not stored.
 */

interface Options {
  kiosks: number;
  intervalSec: number;
  phaseSec: number;
  operatorKiosks: number;
  exportRows: number;
  connectRate: number;
  attackerNice: number;
  quick: boolean;
  json: boolean;
}

const USAGE = `npm run bench:hostile -- [--kiosks N] [--interval S] [--duration D] [--quick] [--json]
  --kiosks N           well-behaved kiosks (default 2000; --quick: 500)
  --interval S         seconds between readings of one kiosk (default 5)
  --duration D         length of each phase, quiet and under attack: 60 / 30s / 2m (default 60s; --quick: 20s)
  --operator-kiosks M  kiosks assigned to the hostile operator (default a quarter of the fleet)
  --export-rows R      payments of those kiosks, for the slow CSV readers (default 200000; --quick: 50000)
  --connect-rate R     new kiosk connections per second (default 500)
  --attacker-nice N    niceness of the two attacker processes (default 10; 0: same priority as the API).
                       Attackers are other machines in the field; on this one they share the API's
                       cores, and at the API's priority they take CPU the API would otherwise have
env: BENCH_DATABASE_ADMIN_URL, BENCH_REDIS_URL, BENCH_API_NODE_ARGS, BENCH_API_ENV, BENCH_KEEP_LOGS
     as for bench:telemetry (README, Benchmarks)`;

function parse(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      kiosks: { type: 'string' },
      interval: { type: 'string' },
      duration: { type: 'string' },
      'operator-kiosks': { type: 'string' },
      'export-rows': { type: 'string' },
      'connect-rate': { type: 'string' },
      'attacker-nice': { type: 'string' },
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = values.quick === true;
  const kiosks = Math.round(positive('kiosks', values.kiosks, quick ? 500 : 2000));
  const intervalSec = positive('interval', values.interval, 5);
  if (!Number.isInteger(intervalSec)) throw new Error('--interval must be whole seconds');
  return {
    kiosks,
    intervalSec,
    phaseSec: values.duration ? parseDuration(values.duration) : quick ? 20 : 60,
    operatorKiosks: Math.min(
      kiosks,
      Math.round(positive('operator-kiosks', values['operator-kiosks'], Math.ceil(kiosks / 4))),
    ),
    exportRows: Math.round(positive('export-rows', values['export-rows'], quick ? 50_000 : 200_000)),
    connectRate: positive('connect-rate', values['connect-rate'], 500),
    attackerNice: niceness(values['attacker-nice']),
    quick,
    json: values.json === true,
  };
}

function niceness(raw: string | undefined): number {
  if (raw === undefined) return 10;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 19)
    throw new Error('--attacker-nice must be a whole number 0..19');
  return n;
}

const t0 = performance.now();
let quiet = false;
const say = (msg: string) => {
  if (!quiet) console.error(`[bench +${((performance.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
};

/**
 * The API runs as behind one proxy, so X-Forwarded-For names the client: the password spray then
 * comes from as many addresses as it likes, the worst case for login limits. TRUST_PROXY is a hop
 * count where the schema takes one, `true` where it is still a boolean.
 */
function trustProxy(): string {
  return envSchema.extract('TRUST_PROXY').validate('1').error ? 'true' : '1';
}

interface Ctx extends BenchApi {
  opts: Options;
  gen: RpcClient;
  attackers: RpcClient[];
}

/** Payments of the operator's kiosks, enough that a CSV export does not fit in socket buffers. */
async function seedPayments(ctx: Ctx, kioskIds: number[]): Promise<string> {
  return withAdmin(ctx.dbUrl, async (c) => {
    await c.query(
      `INSERT INTO payments (kiosk_id, transaction_id, amount_minor, currency, method, status, occurred_at, source)
       SELECT ($1::int[])[1 + g % cardinality($1::int[])], 'SEED-' || g, 50 + (g * 7919) % 20000, 'USD',
              (ARRAY['cash','card','qr'])[1 + g % 3], 'completed', now() - make_interval(mins => g % 100000), 'api'
         FROM generate_series(1, $2::int) g`,
      [kioskIds, ctx.opts.exportRows],
    );
    await c.query('ANALYZE payments');
    const r = await c.query<{ id: string }>(`SELECT id FROM payments WHERE method = 'card' LIMIT 1`);
    return r.rows[0]?.id as string;
  });
}

/** GET /health/live back to back (100 ms apart) until stopped: the loop as a client sees it. */
function probeLiveness(baseUrl: string): () => Promise<PhaseResult['live']> {
  const ms: number[] = [];
  let failures = 0;
  let on = true;
  const loop = (async () => {
    while (on) {
      const t = performance.now();
      try {
        const res = await fetch(`${baseUrl}/health/live`, { signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        if (!res.ok) failures++;
      } catch {
        failures++;
      }
      ms.push(performance.now() - t);
      await sleep(100);
    }
  })();
  return async () => {
    on = false;
    await loop;
    const sorted = Float64Array.from(ms).sort();
    return {
      samples: sorted.length,
      p50: percentileSorted(sorted, 50),
      p99: percentileSorted(sorted, 99),
      max: sorted[sorted.length - 1] ?? Number.NaN,
      failures,
    };
  };
}

/** Counters whose name says refusal, limit or drop (`_total`), per series. */
function refusalCounters(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const word = /refused|rejected|errors|failures|disconnects|delayed|limited|dropped|too_large|invalid|late/;
  for (const [series, v] of allSamples(text)) {
    const name = series.split('{')[0] ?? '';
    if (name.endsWith('_total') && word.test(name) && !name.startsWith('nodejs_')) out.set(series, v);
  }
  return out;
}

interface Phase {
  result: PhaseResult;
  counters: Map<string, number>;
  victimLogin?: string;
}

/** One measured phase; with `attack`, both attackers run through it. */
async function phase(ctx: Ctx, attack: boolean): Promise<Phase> {
  const { opts, gen, baseUrl } = ctx;
  const groups = async () => ({
    api: [ctx.apiPid],
    postgres: await backendPids(BENCH_ADMIN_DB_URL, ctx.dbName),
    kiosks: [gen.pid],
    attackers: ctx.attackers.map((a) => a.pid),
  });
  if (attack) await Promise.all(ctx.attackers.map((a) => a.call('start', {}, 30_000)));
  // A scrape resets prom-client's event-loop histogram (see bench/telemetry.ts): the next one
  // reports exactly this phase.
  const before = refusalCounters(await metricsText(baseUrl));
  const meter = new CpuMeter();
  meter.start(await groups());
  const stopProbe = probeLiveness(baseUrl);
  await gen.call('windowStart', {}, 10_000);
  await guarded(ctx, sleep(opts.phaseSec * 1000));
  const stats = await gen.call<WindowStats>('windowStop', {}, 10_000);
  const text = await metricsText(baseUrl);
  const cpu = meter.stop(await groups());
  const live = await stopProbe();
  let victimLogin: string | undefined;
  if (attack) {
    victimLogin = await login(baseUrl, VICTIM, { 'x-forwarded-for': VICTIM_ADDRESS }).then(
      () => 'HTTP 200',
      (e: unknown) => (e instanceof Error ? e.message.slice(0, 120) : String(e)),
    );
  }
  const metrics = unlabelledSamples(text);
  const after = refusalCounters(text);
  const counters = new Map([...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)]));
  const ms = (name: string) => (metrics.get(name) ?? Number.NaN) * 1000;
  say(
    `${attack ? 'attack' : 'quiet'}: ack p99 ${stats.latencyMs.p99.toFixed(1)} ms, ` +
      `lag p99 ${ms('nodejs_eventloop_lag_p99_seconds').toFixed(1)} ms`,
  );
  return {
    result: {
      stats,
      offeredPerSec: opts.kiosks / opts.intervalSec,
      eventLoopLagMs: {
        p50: ms('nodejs_eventloop_lag_p50_seconds'),
        p99: ms('nodejs_eventloop_lag_p99_seconds'),
        max: ms('nodejs_eventloop_lag_max_seconds'),
      },
      live,
      cpuPercent: { ...cpu.percent, others: cpu.othersPercent },
      machineBusyPercent: cpu.machineBusyPercent,
    },
    counters,
    victimLogin,
  };
}

/** Every (kiosk, seq) the fleet saw acknowledged as stored, looked up in the table. */
async function lossCheck(ctx: Ctx, fleet: KioskCredential[]): Promise<HostileResult['loss']> {
  const acked = await ctx.gen.call<AckedSeqs[]>('acked', {}, 60_000);
  const totals = await ctx.gen.call<Totals>('totals', {}, 10_000);
  const stored = new Map<string, number>();
  await withAdmin(ctx.dbUrl, async (c) => {
    const r = await c.query<{ kiosk_id: number; seq: string }>(
      'SELECT kiosk_id, seq FROM telemetry WHERE kiosk_id = ANY($1::int[]) AND seq IS NOT NULL',
      [fleet.map((k) => k.id)],
    );
    for (const row of r.rows) {
      const key = `${row.kiosk_id}:${row.seq}`;
      stored.set(key, (stored.get(key) ?? 0) + 1);
    }
  });
  let count = 0;
  let lost = 0;
  let storedTwice = 0;
  for (const { kioskId, seqs } of acked) {
    for (const seq of seqs) {
      count++;
      const n = stored.get(`${kioskId}:${seq}`) ?? 0;
      if (n === 0) lost++;
      if (n > 1) storedTwice++;
    }
  }
  return { acked: count, lost, storedTwice, ackTimeouts: totals.timeouts };
}

const OPERATOR = { username: 'hostile-operator', password: 'hostile-operator-password-1' };
const VICTIM = { username: 'spray-victim', password: 'spray-victim-password-1' };
const VICTIM_ADDRESS = '10.77.0.1';

async function run(opts: Options, cleanups: Cleanups): Promise<HostileResult> {
  const started = performance.now();
  const note = checkFileDescriptors(opts.kiosks + 200);
  if (note) say(note);
  const proxy = trustProxy();
  const launched = await launchBenchApi(
    {
      adminUrl: BENCH_ADMIN_DB_URL,
      redisUrl: BENCH_REDIS_URL,
      dbName: `kiosk_bench_hostile_${process.pid}`,
      redisPrefix: `bench:hostile:${process.pid}:`,
      intervalSec: opts.intervalSec,
      apiNodeArgs: (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
      apiEnv: { TRUST_PROXY: proxy, ...apiEnvFromProcess() },
      say,
    },
    cleanups,
  );
  const gen = new RpcClient(forkTs('load-generator'), 'load generator');
  const attackerProcesses = [forkTs('hostile-kiosk'), forkTs('hostile-operator')];
  for (const p of attackerProcesses) if (p.pid !== undefined) setPriority(p.pid, opts.attackerNice);
  const hostileKiosk = new RpcClient(attackerProcesses[0], 'hostile kiosk');
  const hostileOperator = new RpcClient(attackerProcesses[1], 'hostile operator');
  const ctx: Ctx = { ...launched, opts, gen, attackers: [hostileKiosk, hostileOperator] };
  await launched.ready();
  const apiReadySec = (performance.now() - started) / 1000;
  say(`API ready on ${ctx.baseUrl} (pid ${ctx.apiPid})`);

  let t = performance.now();
  const token = await login(ctx.baseUrl);
  const creds = await guarded(
    ctx,
    registerKiosks(ctx.baseUrl, token, opts.kiosks + 1, `HOSTILE-${process.pid}`),
  );
  const fleet = creds.slice(0, opts.kiosks);
  const attacker = creds[opts.kiosks] as KioskCredential;
  const operatorId = await createUser(ctx.baseUrl, token, { ...OPERATOR, role: 'operator' });
  await createUser(ctx.baseUrl, token, { ...VICTIM, role: 'viewer' });
  // The victim has used the dashboard before, from its usual address: that address stays exempt from
  // the per-username throttle a spray triggers (an address it never used is throttled with the spray's).
  await login(ctx.baseUrl, VICTIM, { 'x-forwarded-for': VICTIM_ADDRESS });
  const assigned = fleet.slice(0, opts.operatorKiosks);
  await guarded(ctx, assignKiosks(ctx.baseUrl, token, assigned, operatorId));
  const paymentId = await seedPayments(
    ctx,
    assigned.map((k) => k.id),
  );
  const registerSec = (performance.now() - t) / 1000;
  say(`registered ${creds.length} kiosks, assigned ${assigned.length}, seeded ${opts.exportRows} payments`);

  const operatorParams: OperatorParams = {
    url: ctx.baseUrl,
    operator: OPERATOR,
    victim: VICTIM.username,
    kioskId: (assigned[0] as KioskCredential).id,
    paymentId,
    exportReaders: 25,
    feedSockets: 10,
  };
  await hostileKiosk.call('prepare', { url: ctx.baseUrl, cred: attacker }, 30_000);
  await hostileOperator.call('prepare', operatorParams, 30_000);

  t = performance.now();
  const conn = await guarded(
    ctx,
    gen.call<ConnectResult>(
      'connect',
      { url: ctx.baseUrl, kiosks: fleet, ratePerSec: opts.connectRate },
      (opts.kiosks / opts.connectRate) * 1000 + 60_000,
    ),
  );
  say(`connected ${conn.connected}/${opts.kiosks} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  if (conn.connected === 0) throw new Error(`no kiosk could connect: ${JSON.stringify(conn.failed)}`);
  await gen.call('recordAcked', {}, 10_000);
  await gen.call('steadyStart', { intervalSec: opts.intervalSec }, 10_000);
  await sleep(opts.intervalSec * 1000 + 500);

  const q = await phase(ctx, false);
  const a = await phase(ctx, true);
  const [kioskAttacks, operatorAttacks] = await Promise.all([
    hostileKiosk.call<{ rounds: number; tally: Tally }>('stop', {}, 60_000),
    hostileOperator.call<{ tally: Tally }>('stop', {}, 60_000),
  ]);
  await guarded(ctx, gen.call('steadyStop', {}, 30_000));
  const loss = await lossCheck(ctx, fleet);
  await gen.call('disconnect', {}, 30_000);
  for (const child of [gen.child, hostileKiosk.child, hostileOperator.child]) child.kill('SIGTERM');
  await stopApi(ctx.api);
  if (process.env.BENCH_KEEP_LOGS) say(`kept ${ctx.logDir}`);
  else rmSync(ctx.logDir, { recursive: true, force: true });

  const counters = [...a.counters]
    .filter(([k, v]) => v > (q.counters.get(k) ?? 0))
    .sort((x, y) => y[1] - x[1])
    .slice(0, 30)
    .map(([name, v]) => ({ name, quiet: q.counters.get(name) ?? 0, attack: v }));
  const result: Omit<HostileResult, 'targets'> = {
    config: {
      kiosks: opts.kiosks,
      intervalSec: opts.intervalSec,
      phaseSec: opts.phaseSec,
      operatorKiosks: assigned.length,
      exportRows: opts.exportRows,
      trustProxy: proxy,
      quick: opts.quick,
      cores: cpus().length,
      attackerNice: opts.attackerNice,
    },
    setup: { apiReadySec, registerSec, connected: conn.connected, connectFailures: conn.failed },
    quiet: q.result,
    attack: a.result,
    attacks: { kiosk: kioskAttacks, operator: operatorAttacks },
    victimLogin: a.victimLogin ?? 'not tried',
    counters,
    loss,
    wallSec: (performance.now() - started) / 1000,
  };
  return { ...result, targets: evaluateTargets(result) };
}

void benchMain({
  parse: (argv) => {
    const opts = parse(argv);
    quiet = opts.json;
    return opts;
  },
  // Registration, connections, both phases, the attackers' wind-down and a margin.
  budgetSec: (opts) => 300 + 2 * opts.phaseSec + opts.kiosks / 20,
  run,
  render: renderHostileReport,
});
