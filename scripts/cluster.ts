import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../bench/lib/api-process';
import { LocalCluster } from '../bench/lib/cluster';

/**
 * `npm run cluster`: 2 API instances + 1 worker behind HAProxy on http://127.0.0.1:8080 (LB_PORT),
 * the topology of docker-compose.yml as local processes (README, "Running several instances").
 * PostgreSQL and Redis come from DATABASE_URL / REDIS_URL (default: this machine's, database
 * kiosk_fleet_cluster, created when missing); migrations run once before the instances start.
 * Ctrl-C stops everything; so does any part dying.
 */

// The script's only output: plain lines on stdout/stderr (no logger to configure).
const say = (msg: string) => void process.stdout.write(`[cluster] ${msg}\n`);
const warn = (msg: string) => void process.stderr.write(`[cluster] ${msg}\n`);

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      say(`creating database ${name}`);
      await c.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    }
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const env = process.env;
  const databaseUrl = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kiosk_fleet_cluster';
  const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const lbPort = Number(env.LB_PORT ?? 8080);
  const apiPorts: [number, number] = [
    Number(env.API_1_PORT ?? (await freePort())),
    Number(env.API_2_PORT ?? (await freePort())),
  ];
  const logDir = env.CLUSTER_LOG_DIR ?? mkdtempSync(join(tmpdir(), 'kiosk-cluster-'));
  // Every instance must sign and verify with the same key: one per run unless the caller set one.
  const jwtSecret = env.JWT_SECRET ?? randomBytes(32).toString('hex');
  const adminPassword = env.ADMIN_PASSWORD ?? 'cluster-admin-password';

  await ensureDatabase(databaseUrl);
  const cluster = new LocalCluster({
    databaseUrl,
    redisUrl,
    lbPort,
    apiPorts,
    logDir,
    // Sized for 10,000 kiosks: more than one HAProxy process where the file limit caps one below that.
    lbProcesses: env.LB_PROCESSES ? Number(env.LB_PROCESSES) : undefined,
    env: {
      NODE_ENV: env.NODE_ENV ?? 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_AUTOSTART: 'false',
      JWT_SECRET: jwtSecret,
      ADMIN_USERNAME: env.ADMIN_USERNAME ?? 'admin',
      ADMIN_PASSWORD: adminPassword,
      // One proxy in front: client addresses come from its X-Forwarded-For.
      TRUST_PROXY: env.TRUST_PROXY ?? '1',
      LOG_FORMAT: env.LOG_FORMAT ?? 'json',
    },
    say,
  });

  let stopping: Promise<void> | null = null;
  const stop = (code: number) => {
    stopping ??= cluster
      .stop()
      .catch((e: unknown) => warn(`stop: ${e instanceof Error ? e.message : e}`))
      .finally(() => process.exit(code));
    return stopping;
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  cluster.onUnexpectedExit = (name, code, signal) => {
    warn(`${name} exited (code ${code}, signal ${signal}); see ${logDir}/${name}.log`);
    void stop(1);
  };

  say(`logs in ${logDir}`);
  try {
    await cluster.start();
  } catch (e) {
    warn(`start failed: ${e instanceof Error ? e.message : e}`);
    return void stop(1);
  }
  say(`api-1 on ${cluster.apiUrl(0)}, api-2 on ${cluster.apiUrl(1)}, worker running`);
  const lb = cluster.lbProcesses > 1 ? `${cluster.lbProcesses} HAProxy processes` : 'HAProxy';
  say(`ready: kiosks and REST on ${cluster.url} (${lb}, ${join('deploy', 'haproxy', 'haproxy.cfg')})`);
  say(`admin: ${env.ADMIN_USERNAME ?? 'admin'} / ${env.ADMIN_PASSWORD ? '(ADMIN_PASSWORD)' : adminPassword}`);
  say('Ctrl-C stops everything');
}

void main();
