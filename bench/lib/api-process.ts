import { ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { BENCH_ADMIN_DB_URL, BENCH_REDIS_URL } from './args';
import type { KioskCredential } from './protocol';
import { trackChild } from './ipc';
import { sleep } from './stats';

/* The system under test as an operator runs it: the built API as its own process, over HTTP. */

const ROOT = join(__dirname, '..', '..');

export async function withAdmin<T>(adminUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export function databaseUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

export interface ApiEnv {
  databaseUrl: string;
  redisUrl: string;
  port: number;
  redisPrefix: string;
  intervalSec: number;
  logFile: string;
  /** Extra node flags for the API only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (BENCH_API_NODE_ARGS). */
  nodeArgs: string[];
  /** Arguments of the app itself, e.g. `--with-worker` to run the Bull processors in the same process. */
  args?: string[];
  /** Extra variables for the API only, for experiments, e.g. TELEMETRY_FLUSH_MS=20 (BENCH_API_ENV). */
  extraEnv?: Record<string, string>;
}

export const ADMIN = { username: 'bench-admin', password: 'bench-admin-password-1' };

/** What every bench's API process runs with: production mode, its own migrations, the bench admin, quiet JSON logs. */
export const BENCH_API_ENV = {
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  DB_MIGRATE_ON_START: 'true',
  REDIS_AUTOSTART: 'false',
  JWT_SECRET: 'bench-jwt-secret-0123456789abcdef01234567',
  ADMIN_USERNAME: ADMIN.username,
  ADMIN_PASSWORD: ADMIN.password,
  LOG_LEVEL: 'warn',
  LOG_FORMAT: 'json',
};

/**
 * The node flags of `npm run start:api`: the bench measures the process operators run (README,
 * "Running API and worker apart").
 */
export function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string | undefined>;
  };
  const m = /^node((?:\s+--\S+)*)\s+dist\/apps\/api\/main\.js$/.exec(pkg.scripts['start:api'] ?? '');
  if (!m) throw new Error('package.json "start:api" is not `node [--flag ...] dist/apps/api/main.js`');
  return (m[1] ?? '').split(/\s+/).filter(Boolean);
}

/** How node starts the API: the built main.js, or its sources through ts-node (a checkout not built). */
export function apiEntry(fromSource: boolean): string[] {
  return fromSource
    ? [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        join(ROOT, 'apps/api/src/main.ts'),
      ]
    : [join(ROOT, 'dist/apps/api/main.js')];
}

export function startApi(e: ApiEnv): ChildProcess {
  const log = openSync(e.logFile, 'a');
  // Flags on the command line: NODE_OPTIONS refuses --cpu-prof.
  const child = spawn(
    process.execPath,
    [...productionNodeFlags(), ...e.nodeArgs, join(ROOT, 'dist/apps/api/main.js'), ...(e.args ?? [])],
    {
      cwd: ROOT,
      stdio: ['ignore', log, log],
      env: {
        PATH: process.env.PATH,
        ...BENCH_API_ENV,
        PORT: String(e.port),
        DATABASE_URL: e.databaseUrl,
        REDIS_URL: e.redisUrl,
        REDIS_KEY_PREFIX: e.redisPrefix,
        TELEMETRY_INTERVAL_SEC: String(e.intervalSec),
        // The bench's admin registers thousands of kiosks in seconds: set-up, not the load measured.
        // Operators and viewers keep their REST budgets (bench:hostile's operator meets its own).
        RATE_LIMIT_ADMIN_PER_MIN: '0',
        ...(e.extraEnv ?? {}),
      },
    },
  );
  trackChild(child);
  return child;
}

export async function waitReady(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited during start-up (code ${child.exitCode})`);
    try {
      const res = await fetch(`${baseUrl}/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`the API was not ready after ${timeoutMs} ms`);
}

export async function stopApi(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** An access token of `who` (the bench's admin unless said); `headers` e.g. an X-Forwarded-For. */
export async function login(
  baseUrl: string,
  who: { username: string; password: string } = ADMIN,
  headers: Record<string, string> = {},
): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username: who.username, password: who.password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** POST /api/v1/kiosks, `concurrency` requests in flight: there is no bulk registration route. */
export async function registerKiosks(
  baseUrl: string,
  token: string,
  count: number,
  serialPrefix: string,
  concurrency = 32,
): Promise<KioskCredential[]> {
  const out = new Array<KioskCredential>(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const serial = `${serialPrefix}-${String(i + 1).padStart(5, '0')}`;
      const res = await fetch(`${baseUrl}/api/v1/kiosks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ serial, name: `Bench ${serial}`, location: { lat: -34.6, lng: -58.38 } }),
      });
      if (res.status !== 201) throw new Error(`register ${serial}: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { kiosk: { id: number; code: string }; secret: string };
      out[i] = { id: body.kiosk.id, serial, secret: body.secret, code: body.kiosk.code };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/** POST /api/v1/users (admin): answers the new user's id. */
export async function createUser(
  baseUrl: string,
  token: string,
  user: { username: string; password: string; role: 'admin' | 'operator' | 'viewer' },
): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(user),
  });
  if (res.status !== 201) throw new Error(`create user ${user.username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** POST /api/v1/kiosks/assign as an admin naming the user, `concurrency` requests in flight. */
export async function assignKiosks(
  baseUrl: string,
  token: string,
  kiosks: Array<{ code?: string; serial: string }>,
  userId: string,
  concurrency = 16,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < kiosks.length; i = next++) {
      const k = kiosks[i] as { code?: string; serial: string };
      if (!k.code) throw new Error(`kiosk ${k.serial}: no code (register it with registerKiosks)`);
      const res = await fetch(`${baseUrl}/api/v1/kiosks/assign`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ code: k.code, userId }),
      });
      if (res.status !== 200) throw new Error(`assign ${k.serial}: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** BENCH_API_ENV='A=1 B=2': extra variables for the API under test (experiments). */
export function apiEnvFromProcess(): Record<string, string> {
  return Object.fromEntries(
    (process.env.BENCH_API_ENV ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
}

/** Values of unlabelled samples in the Prometheus text format. */
export async function scrapeMetrics(baseUrl: string): Promise<Map<string, number>> {
  return unlabelledSamples(await metricsText(baseUrl));
}

export async function metricsText(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (!res.ok) throw new Error(`/metrics: ${res.status}`);
  return res.text();
}

export function unlabelledSamples(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*) (\S+)$/.exec(line);
    if (m) values.set(m[1] as string, Number(m[2]));
  }
  return values;
}

/** Every sample, labelled or not, keyed by its series (`name{labels}`). */
export function allSamples(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    if (cut > 0) values.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return values;
}

/** Drops a bench's database and Redis keys; a failure here must not hide how the run itself ended. */
export async function dropBenchState(dbName: string, prefix: string): Promise<void> {
  await withAdmin(BENCH_ADMIN_DB_URL, (c) =>
    c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`),
  ).catch(() => undefined);
  await flushRedisPrefix(BENCH_REDIS_URL, prefix).catch(() => 0);
}

export async function flushRedisPrefix(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let removed = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) removed += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return removed;
}
