import { performance } from 'node:perf_hooks';
import { ADMIN, login } from './lib/api-process';
import { BENCH_ADMIN_DB_URL, BENCH_REDIS_URL } from './lib/args';
import { BenchApi, benchMain, Cleanups, guarded, launchBenchApi } from './lib/harness';
import { percentileSorted, round } from './lib/stats';

/**
 * `npm run bench:rest-overhead [-- --seconds 20 --concurrency 1 --json]`
 *
 * What one authenticated REST call pays for its principal's rate limit (README, "REST rate limits"),
 * and for API-key authentication against a Bearer token. Two built API processes run side by side
 * on fresh databases: one with the limiter on (a budget far too large to refuse anything, so every
 * call runs the Redis script and sends the headers) and one with it off (all roles 0). The same GET
 * is sent to each in alternating 1-second slices, so drift of the shared machine falls on both
 * alike; p50/p99 of each and their difference are printed.
 *
 * API key vs JWT: measured on the limiter-off process when `POST /api/v1/api-keys` exists (a viewer
 * user with a Bearer token against a viewer key, both seeing no kiosks, so the query is the same);
 * otherwise reported as skipped.
 */

interface Options {
  json: boolean;
  seconds: number;
  concurrency: number;
}

interface Latency {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

interface Comparison {
  baseline: Latency;
  measured: Latency;
  /** measured − baseline. */
  p50DeltaMs: number;
  p99DeltaMs: number;
}

interface Result {
  config: Options & { route: string };
  limiter: Comparison & {
    headersSeen: boolean;
    /** The limiter's own time per check as the API measured it (rest_rate_limit_check_seconds). */
    checkMeanMs: number;
    checks: number;
  };
  apiKey: (Comparison & { skipped?: undefined }) | { skipped: string };
}

const ROUTE = '/api/v1/kiosks?limit=1';
const SLICE_MS = 1000;
const say = (s: string) => process.stderr.write(`[bench] ${s}\n`);

function parse(argv: string[]): Options {
  const num = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    const v = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
    return v;
  };
  return { json: argv.includes('--json'), seconds: num('seconds', 20), concurrency: num('concurrency', 1) };
}

type Caller = { baseUrl: string; headers: Record<string, string> };

/** Sends the GET from `concurrency` loops until `untilMs`, recording each call's latency. */
async function drive(c: Caller, concurrency: number, untilMs: number, into: number[]): Promise<Headers> {
  let last: Headers | undefined;
  const loop = async () => {
    while (performance.now() < untilMs) {
      const t0 = performance.now();
      const res = await fetch(`${c.baseUrl}${ROUTE}`, { headers: c.headers });
      await res.arrayBuffer();
      into.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`GET ${ROUTE} answered ${res.status}`);
      last = res.headers;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  if (!last) throw new Error('no call completed in a slice');
  return last;
}

function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((s, x) => s + x, 0) / Math.max(1, samples.length);
  return {
    requests: samples.length,
    p50Ms: percentileSorted(sorted, 50),
    p99Ms: percentileSorted(sorted, 99),
    meanMs: mean,
  };
}

/** Alternates 1-s slices between the two callers for `seconds` in all (half each), after a warm-up. */
async function compare(
  apis: BenchApi[],
  baseline: Caller,
  measured: Caller,
  o: Options,
): Promise<{ c: Comparison; lastMeasured: Headers }> {
  const warm = performance.now() + 500;
  await drive(baseline, o.concurrency, warm, []);
  await drive(measured, o.concurrency, warm + 500, []);
  const a: number[] = [];
  const b: number[] = [];
  let lastMeasured: Headers | undefined;
  const slices = Math.max(2, Math.round((o.seconds * 1000) / SLICE_MS));
  for (let i = 0; i < slices; i++) {
    const until = performance.now() + SLICE_MS;
    const work = i % 2 ? drive(measured, o.concurrency, until, b) : drive(baseline, o.concurrency, until, a);
    const headers = await Promise.race([work, ...apis.map((api) => api.apiDied)]);
    if (i % 2) lastMeasured = headers;
  }
  const base = latency(a);
  const meas = latency(b);
  return {
    c: {
      baseline: base,
      measured: meas,
      p50DeltaMs: meas.p50Ms - base.p50Ms,
      p99DeltaMs: meas.p99Ms - base.p99Ms,
    },
    lastMeasured: lastMeasured as Headers,
  };
}

async function post(baseUrl: string, path: string, token: string, body: unknown): Promise<Response> {
  return fetch(`${baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}

/**
 * API key vs Bearer token, both as viewers with nothing visible. Skipped (with the reason) while the
 * API has no `/api-keys` route.
 */
async function apiKeyVsJwt(api: BenchApi, adminToken: string, o: Options): Promise<Result['apiKey']> {
  const created = await post(api.baseUrl, '/api-keys', adminToken, {
    name: 'bench-rest-overhead',
    role: 'viewer',
    tags: ['bench-none'],
  });
  if (created.status === 404)
    return { skipped: 'POST /api/v1/api-keys answered 404 (API keys not in this build)' };
  if (created.status !== 201)
    throw new Error(`POST /api-keys answered ${created.status}: ${await created.text()}`);
  const { key } = (await created.json()) as { key: string };
  const viewer = { username: 'bench-viewer', password: 'bench-viewer-password-1' };
  const user = await post(api.baseUrl, '/users', adminToken, { ...viewer, role: 'viewer' });
  if (user.status !== 201) throw new Error(`POST /users answered ${user.status}: ${await user.text()}`);
  const viewerToken = await login(api.baseUrl, viewer);
  const { c } = await compare(
    [api],
    { baseUrl: api.baseUrl, headers: { authorization: `Bearer ${viewerToken}` } },
    { baseUrl: api.baseUrl, headers: { 'x-api-key': key } },
    o,
  );
  return c;
}

/** Mean of a Prometheus histogram from its `_sum` and `_count` lines. */
async function histogramMean(baseUrl: string, name: string): Promise<{ meanMs: number; count: number }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const value = (suffix: string) =>
    Number(
      text
        .split('\n')
        .find((l) => l.startsWith(`${name}_${suffix} `))
        ?.split(' ')
        .pop() ?? NaN,
    );
  const count = value('count');
  return { meanMs: (value('sum') / count) * 1000, count };
}

async function run(o: Options, cleanups: Cleanups): Promise<Result> {
  const launch = (name: string, env: Record<string, string>) =>
    launchBenchApi(
      {
        adminUrl: BENCH_ADMIN_DB_URL,
        redisUrl: BENCH_REDIS_URL,
        dbName: `kiosk_bench_rest_${name}_${process.pid}`,
        redisPrefix: `bench:rest-${name}:${process.pid}:`,
        intervalSec: 5,
        apiNodeArgs: [],
        apiEnv: { ENABLED_MODULES: 'kiosk', ...env },
        say,
      },
      cleanups,
    );
  // A budget no bench can spend: every call is checked, none refused.
  const on = await launch('on', {
    RATE_LIMIT_ADMIN_PER_MIN: '1000000',
    RATE_LIMIT_OPERATOR_PER_MIN: '1000000',
    RATE_LIMIT_VIEWER_PER_MIN: '1000000',
    RATE_LIMIT_WINDOW_SEC: '3600',
  });
  const off = await launch('off', {
    RATE_LIMIT_ADMIN_PER_MIN: '0',
    RATE_LIMIT_OPERATOR_PER_MIN: '0',
    RATE_LIMIT_VIEWER_PER_MIN: '0',
  });
  await Promise.all([on.ready(), off.ready()]);
  say(`limiter on: ${on.baseUrl}, off: ${off.baseUrl}`);
  const [onToken, offToken] = await guarded(
    on,
    Promise.all([login(on.baseUrl, ADMIN), login(off.baseUrl, ADMIN)]),
  );

  const { c, lastMeasured } = await compare(
    [on, off],
    { baseUrl: off.baseUrl, headers: { authorization: `Bearer ${offToken}` } },
    { baseUrl: on.baseUrl, headers: { authorization: `Bearer ${onToken}` } },
    o,
  );
  const headersSeen = lastMeasured.get('ratelimit-limit') !== null;
  if (!headersSeen)
    throw new Error('the limiter-on API sent no RateLimit-Limit: is the limiter in this build?');
  const check = await histogramMean(on.baseUrl, 'rest_rate_limit_check_seconds');
  const apiKey = await guarded(off, apiKeyVsJwt(off, offToken, o));
  return {
    config: { ...o, route: `GET ${ROUTE}` },
    limiter: { ...c, headersSeen, checkMeanMs: check.meanMs, checks: check.count },
    apiKey,
  };
}

function line(label: string, l: Latency): string {
  return `  ${label.padEnd(22)} p50 ${round(l.p50Ms, 2)} ms   p99 ${round(l.p99Ms, 2)} ms   (${l.requests} calls)`;
}

function render(r: Result): string {
  const out = [
    `REST overhead, ${r.config.route}, concurrency ${r.config.concurrency}, ${r.config.seconds} s per comparison`,
    'Rate limiter (one Redis script per call):',
    line('off', r.limiter.baseline),
    line('on', r.limiter.measured),
    `  overhead               p50 ${round(r.limiter.p50DeltaMs, 2)} ms   p99 ${round(r.limiter.p99DeltaMs, 2)} ms`,
    `  the check itself       mean ${round(r.limiter.checkMeanMs, 3)} ms over ${r.limiter.checks} checks (rest_rate_limit_check_seconds)`,
    'API key vs Bearer JWT (limiter off, viewer, nothing visible):',
  ];
  if (r.apiKey.skipped !== undefined) out.push(`  skipped: ${r.apiKey.skipped}`);
  else {
    out.push(
      line('Bearer JWT', r.apiKey.baseline),
      line('X-API-Key', r.apiKey.measured),
      `  difference             p50 ${round(r.apiKey.p50DeltaMs, 2)} ms   p99 ${round(r.apiKey.p99DeltaMs, 2)} ms`,
    );
  }
  return out.join('\n');
}

void benchMain<Options, Result>({
  parse,
  // Two start-ups (migrations included), two comparisons with warm-up, and a margin.
  budgetSec: (o) => 240 + 3 * o.seconds,
  run,
  render,
});
