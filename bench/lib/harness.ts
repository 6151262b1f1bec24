import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseUrl, flushRedisPrefix, freePort, startApi, waitReady, withAdmin } from './api-process';
import { killChildren } from './ipc';

/*
 * What a benchmark that drives the built API needs around its phases: a throwaway database and
 * Redis prefix, the API started as production runs it, and an exit path that always stops the
 * children and drops the database (done, failed, interrupted or out of time).
 */

export type Cleanups = Array<() => Promise<unknown>>;

export interface BenchApiOptions {
  adminUrl: string;
  redisUrl: string;
  /** Database name; dropped at the end. */
  dbName: string;
  /** Redis key prefix of the API under test; its keys are deleted at the end. */
  redisPrefix: string;
  intervalSec: number;
  apiNodeArgs: string[];
  apiEnv: Record<string, string>;
  /** Arguments of the app itself, e.g. `--with-worker` (the Bull processors in the API process). */
  apiArgs?: string[];
  say: (msg: string) => void;
}

export interface BenchApi {
  dbName: string;
  dbUrl: string;
  logDir: string;
  baseUrl: string;
  api: ChildProcess;
  apiPid: number;
  /** Rejects as soon as the API exits unexpectedly, so that no phase waits for its timeouts. */
  apiDied: Promise<never>;
  /** Resolves once /health/ready answers (children that only need to boot can start before). */
  ready: (timeoutMs?: number) => Promise<void>;
}

/** The API log of the current run, to say why a run broke. */
let apiLog: string | undefined;

/** Creates the database, registers the cleanups and starts the API; does not wait for it. */
export async function launchBenchApi(o: BenchApiOptions, cleanups: Cleanups): Promise<BenchApi> {
  const dbUrl = databaseUrl(o.adminUrl, o.dbName);
  const logDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-'));
  o.say(`logs in ${logDir}`);

  await withAdmin(o.adminUrl, (c) => c.query(`CREATE DATABASE ${o.dbName}`));
  cleanups.push(() =>
    withAdmin(o.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${o.dbName} WITH (FORCE)`)),
  );
  cleanups.push(() => flushRedisPrefix(o.redisUrl, o.redisPrefix));
  cleanups.push(() => killChildren());

  apiLog = join(logDir, 'api.log');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const api = startApi({
    databaseUrl: dbUrl,
    redisUrl: o.redisUrl,
    port,
    redisPrefix: o.redisPrefix,
    intervalSec: o.intervalSec,
    logFile: apiLog,
    nodeArgs: o.apiNodeArgs,
    args: o.apiArgs,
    extraEnv: o.apiEnv,
  });
  const apiDied = new Promise<never>((_, reject) =>
    api.once('exit', (code, signal) => reject(new Error(`the API exited (code ${code}, signal ${signal})`))),
  );
  apiDied.catch(() => undefined); // only a failure while someone waits on it
  return {
    dbName: o.dbName,
    dbUrl,
    logDir,
    baseUrl,
    api,
    apiPid: api.pid as number,
    apiDied,
    ready: (timeoutMs = 90_000) => Promise.race([waitReady(baseUrl, api, timeoutMs), apiDied]),
  };
}

/** Runs a phase of the API, failing at once if the API dies meanwhile. */
export const guarded = <T>(api: Pick<BenchApi, 'apiDied'>, p: Promise<T>): Promise<T> =>
  Promise.race([p, api.apiDied]);

function apiLogTail(): string {
  if (!apiLog || !existsSync(apiLog)) return '';
  const lines = readFileSync(apiLog, 'utf8').trimEnd().split('\n').slice(-20);
  return `[bench] last lines of ${apiLog}:\n${lines.join('\n')}`;
}

export interface BenchMain<O extends { json: boolean }, R> {
  parse: (argv: string[]) => O;
  /** Seconds after which the run is abandoned (children stopped, database dropped). */
  budgetSec: (opts: O) => number;
  run: (opts: O, cleanups: Cleanups) => Promise<R>;
  render: (result: R) => string;
}

/**
 * Parses the command line, runs the bench, prints its report (unless --json) and the result as one
 * JSON line on stdout, and exits. Every exit path runs the cleanups once.
 */
export async function benchMain<O extends { json: boolean }, R>(b: BenchMain<O, R>): Promise<void> {
  let opts: O;
  try {
    opts = b.parse(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
  const cleanups: Cleanups = [];
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const fn of cleanups.reverse()) {
        await fn().catch((e: unknown) =>
          console.error(`[bench] cleanup: ${e instanceof Error ? e.message : e}`),
        );
      }
    })());
  let aborting = false;
  const abort = (why: string, code: number) => {
    aborting = true;
    console.error(`[bench] ${why}: stopping children and dropping the bench database`);
    void cleanup().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => abort('interrupted', 130));
  process.once('SIGTERM', () => abort('terminated', 143));
  const budgetSec = b.budgetSec(opts);
  const watchdog = setTimeout(() => abort(`still running after ${budgetSec} s`, 1), budgetSec * 1000);

  try {
    const result = await b.run(opts, cleanups);
    await cleanup();
    clearTimeout(watchdog);
    if (!opts.json) console.log(b.render(result));
    const rounded = (_k: string, v: unknown) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v);
    console.log(JSON.stringify(result, rounded));
    process.exit(0);
  } catch (e) {
    // Interrupted: the children dying under the phases is expected, abort() exits.
    if (aborting) return void (await cleanup());
    console.error(`[bench] failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    console.error(apiLogTail());
    await cleanup();
    process.exit(1);
  }
}
