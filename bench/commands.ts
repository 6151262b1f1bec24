import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import {
  apiEnvFromProcess,
  databaseUrl,
  dropBenchState,
  freePort,
  login,
  metricsText,
  registerKiosks,
  startApi,
  stopApi,
  unlabelledSamples,
  waitReady,
  withAdmin,
} from './lib/api-process';
import { forkTs, killChildren, RpcClient, runBench } from './lib/ipc';
import { percentileSorted } from './lib/stats';
import { BENCH_ADMIN_DB_URL, BENCH_REDIS_URL, numberArg, quick, stringArg } from './lib/args';

/**
 * `npm run bench:commands [-- --kiosks 1000 --rate 200 --seconds 20 --bulk 10000 --quick --dump rtts.json]`
 *
 * 1. Round trip of a remote command through the real API (REST issue → the kiosk receives it → the
 *    kiosk acks `success` → the server confirms the ack, i.e. the command is stored `succeeded`) at a
 *    fixed rate, and the same count of bare socket.io emitWithAck round trips in the same run.
 * 2. A bulk command to many connected kiosks: time until every one is `sent`.
 */

const KIOSKS = numberArg('kiosks', quick ? 300 : 1000);
const RATE = numberArg('rate', 200);
const SECONDS = numberArg('seconds', quick ? 5 : 20);
const BULK = numberArg('bulk', quick ? 1000 : 10000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const wallNow = () => performance.timeOrigin + performance.now();
const stats = (xs: number[]) => {
  const s = Float64Array.from(xs).sort();
  return {
    n: s.length,
    p50: percentileSorted(s, 50),
    p99: percentileSorted(s, 99),
    max: s[s.length - 1] ?? NaN,
  };
};
const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');
const DUMP = stringArg('dump');

/** Seconds spent in garbage collection so far, by kind (prom-client's nodejs_gc_duration_seconds). */
function gcSeconds(metrics: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of metrics.matchAll(/^nodejs_gc_duration_seconds_sum\{kind="(\w+)"\} (\S+)$/gm)) {
    out[m[1] as string] = Number(m[2]);
  }
  return out;
}

async function main(): Promise<void> {
  const dbName = `kiosk_bench_cmd_${process.pid}`;
  const prefix = `bench:cmd:${randomBytes(3).toString('hex')}:`;
  await withAdmin(BENCH_ADMIN_DB_URL, (c) => c.query(`CREATE DATABASE "${dbName}"`));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const api = startApi({
    databaseUrl: databaseUrl(BENCH_ADMIN_DB_URL, dbName),
    redisUrl: BENCH_REDIS_URL,
    port,
    redisPrefix: prefix,
    intervalSec: 5,
    logFile: join(tmpdir(), `bench-commands-${process.pid}.log`),
    nodeArgs: (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean),
    args: ['--with-worker'],
    extraEnv: apiEnvFromProcess(),
  });
  const load = new RpcClient(forkTs('command-kiosks'), 'command-kiosks');
  const bare = new RpcClient(forkTs('bare-command-server'), 'bare-command-server');
  try {
    await waitReady(baseUrl, api, 60_000);
    const token = await login(baseUrl);
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const t0 = Date.now();
    const kiosks = await registerKiosks(baseUrl, token, Math.max(KIOSKS, BULK), `BENCH-CMD-${process.pid}`);
    process.stderr.write(
      `registered ${kiosks.length} kiosks in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
    );

    // 1a. through the API
    const connected = await load.call<number>(
      'connect',
      { url: baseUrl, kiosks: kiosks.slice(0, KIOSKS), bare: false },
      120_000,
    );
    await sleep(1000);
    // A scrape resets prom-client's event-loop delay histogram: the next one covers the run.
    const gcBefore = gcSeconds(await metricsText(baseUrl));
    // This process times the requests: a stall of its own would read as API latency.
    const ownLoop = monitorEventLoopDelay({ resolution: 5 });
    ownLoop.enable();
    const issued = new Map<string, { at: number; rest: number }>();
    const restMs: number[] = [];
    const total = RATE * SECONDS;
    const started = performance.now();
    const inFlight: Array<Promise<void>> = [];
    let refused = 0;
    for (let i = 0; i < total; i++) {
      const wait = started + (i * 1000) / RATE - performance.now();
      if (wait > 1) await sleep(wait);
      const k = kiosks[i % KIOSKS];
      const at = wallNow();
      inFlight.push(
        fetch(`${baseUrl}/api/v1/kiosks/${k?.id}/commands`, {
          method: 'POST',
          headers: auth,
          body: '{"command":"restart"}',
        })
          .then(async (res) => {
            const rest = wallNow() - at;
            restMs.push(rest);
            if (res.status !== 202) refused++;
            else issued.set(((await res.json()) as { id: string }).id, { at, rest });
          })
          .catch(() => void refused++),
      );
    }
    await Promise.all(inFlight);
    ownLoop.disable();
    const after = await metricsText(baseUrl);
    const loop = unlabelledSamples(after);
    const loopLagP99Ms = (loop.get('nodejs_eventloop_lag_p99_seconds') ?? NaN) * 1000;
    const loopLagMaxMs = (loop.get('nodejs_eventloop_lag_max_seconds') ?? NaN) * 1000;
    const gcAfter = gcSeconds(after);
    const gcMs = Object.fromEntries(
      Object.entries(gcAfter).map(([k, v]) => [k, Math.round((v - (gcBefore[k] ?? 0)) * 1000)]),
    );
    await sleep(2000);
    const done = await load.call<Record<string, number>>('results', null, 30_000);
    const apiRtts: number[] = [];
    const samples: Array<[number, number, number]> = [];
    for (const [id, { at, rest }] of issued) {
      if (done[id] === undefined) continue;
      apiRtts.push((done[id] as number) - at);
      samples.push([at, (done[id] as number) - at, rest]);
    }
    if (DUMP) writeFileSync(DUMP, JSON.stringify(samples.sort((x, y) => x[0] - y[0])));
    await load.call('close', null, 30_000);
    const rest = stats(restMs);

    // 1b. bare socket.io, same count and rate
    const barePort = await bare.call<number>('listen', null, 10_000);
    await load.call<number>(
      'connect',
      { url: `http://127.0.0.1:${barePort}`, kiosks: kiosks.slice(0, KIOSKS), bare: true },
      120_000,
    );
    const bareRtts = await bare.call<number[]>('run', { rate: RATE, seconds: SECONDS }, 120_000);
    await load.call('close', null, 30_000);

    // 2. bulk to connected kiosks
    await load.call<number>('connect', { url: baseUrl, kiosks: kiosks.slice(0, BULK), bare: false }, 600_000);
    await sleep(2000);
    const bulkStart = Date.now();
    const res = await fetch(`${baseUrl}/api/v1/commands/bulk`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        command: 'update',
        params: { version: '9.9.9' },
        kioskIds: kiosks.slice(0, BULK).map((k) => k.id),
      }),
    });
    const { batchId } = (await res.json()) as { batchId: string };
    const acceptedMs = Date.now() - bulkStart;
    let allSentMs = NaN;
    let last: { byStatus: Record<string, number> } | undefined;
    while (Date.now() - bulkStart < 60_000) {
      last = (await (
        await fetch(`${baseUrl}/api/v1/commands/bulk/${batchId}`, { headers: auth })
      ).json()) as typeof last;
      const b = last?.byStatus ?? {};
      if ((b.sent ?? 0) + (b.acknowledged ?? 0) + (b.succeeded ?? 0) >= BULK) {
        allSentMs = Date.now() - bulkStart;
        break;
      }
      await sleep(100);
    }

    const a = stats(apiRtts);
    const b = stats(bareRtts);
    const ratio = a.p99 / b.p99;
    const lines = [
      `bench:commands — ${connected} kiosks connected, ${RATE} commands/s for ${SECONDS} s`,
      `  API round trip (issue → received → acked → succeeded): n=${a.n} p50=${fmt(a.p50)} ms p99=${fmt(a.p99)} ms max=${fmt(a.max)} ms (refused ${refused}, unanswered ${issued.size - a.n})`,
      `    of which REST issue (POST → 202):                  n=${rest.n} p50=${fmt(rest.p50)} ms p99=${fmt(rest.p99)} ms max=${fmt(rest.max)} ms`,
      `    API event-loop lag p99 ${fmt(loopLagP99Ms)} ms, max ${fmt(loopLagMaxMs)} ms; GC during the run (ms by kind): ${JSON.stringify(gcMs)}`,
      `    bench's own event-loop delay: p99 ${fmt(ownLoop.percentile(99) / 1e6)} ms, max ${fmt(ownLoop.max / 1e6)} ms`,
      `  bare socket.io emitWithAck:                             n=${b.n} p50=${fmt(b.p50)} ms p99=${fmt(b.p99)} ms`,
      `  p99 ratio API/bare: ${fmt(ratio)}×`,
      `  bulk ${BULK} kiosks: accepted in ${acceptedMs} ms, all sent after ${fmt(allSentMs)} ms (${JSON.stringify(last?.byStatus)})`,
      `  targets: p99 ≤ 50 ms ${a.p99 <= 50 ? 'PASS' : 'FAIL'}; ≤ 3× bare ${ratio <= 3 ? 'PASS' : 'FAIL'}; bulk ${BULK} sent ≤ 10 s ${allSentMs <= 10_000 ? 'PASS' : 'FAIL'}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    process.stdout.write(
      `${JSON.stringify({ kiosks: connected, rate: RATE, seconds: SECONDS, api: a, rest, loopLagP99Ms, loopLagMaxMs, gcMs, bare: b, ratio, bulk: { kiosks: BULK, acceptedMs, allSentMs } })}\n`,
    );
  } finally {
    await stopApi(api).catch(() => undefined);
    await killChildren();
    await dropBenchState(dbName, prefix);
  }
}

runBench('bench:commands', main);
