import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Bull from 'bull';
import { Pool } from 'pg';
import { DELIVERY_JOB_OPTIONS, signWebhook } from '@app/notification';
import {
  apiEntry,
  BENCH_API_ENV,
  databaseUrl,
  flushRedisPrefix,
  freePort,
  login,
  stopApi,
  waitReady,
  withAdmin,
} from './lib/api-process';
import { killChildren, trackChild } from './lib/ipc';
import { percentileSorted } from './lib/stats';
import { BENCH_ADMIN_DB_URL, BENCH_REDIS_URL, numberArg, quick } from './lib/args';

/**
 * `npm run bench:notifications [-- --rate 100 --seconds 20 --drain 10000 --quick --from-source]`
 *
 * 1. Latency: outbox rows committed at a fixed rate (one `alert.raised` per transaction, as the alert
 *    module writes them) → the signed webhook arrives at a local receiver. Target: p99 ≤ 1 s at 100/s.
 * 2. Drain: N deliveries already queued (rows + Bull jobs, the queue paused while they are added),
 *    then released: deliveries per second until the receiver has them all and every row is
 *    `delivered`. Target: ≥ 1,000/s for 10,000.
 * 3. For reference, the same N events committed at once through the outbox (relay + fan-out + delivery).
 *
 * The system runs as `npm start` does (API + worker in one process, production mode, private targets
 * allowed for the local receiver), from dist/ (after `npm run build`) or, with --from-source, through ts-node.
 */
const ROOT = join(__dirname, '..');
const SECRET = 'bench-webhook-secret-0123456789';

const fromSource = process.argv.includes('--from-source');
const RATE = numberArg('rate', 100);
const SECONDS = numberArg('seconds', quick ? 5 : 20);
const DRAIN = numberArg('drain', quick ? 3000 : 10000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const wallNow = () => performance.timeOrigin + performance.now();
const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '-');

/** The receiver an integrator runs: checks every signature, notes when each event id first arrived. */
function startReceiver(): Promise<{
  server: Server;
  url: string;
  arrivals: Map<string, number>;
  bad: () => number;
  total: () => number;
}> {
  const arrivals = new Map<string, number>();
  let bad = 0;
  let total = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = wallNow();
      total++;
      const id = String(req.headers['x-webhook-id']);
      const ts = Number(req.headers['x-webhook-timestamp']);
      if (
        req.headers['x-webhook-signature'] !== signWebhook(SECRET, ts, Buffer.concat(chunks).toString('utf8'))
      )
        bad++;
      if (!arrivals.has(id)) arrivals.set(id, at);
      res.writeHead(200).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        arrivals,
        bad: () => bad,
        total: () => total,
      }),
    ),
  );
}

function startSystem(env: Record<string, string>, logFile: string) {
  const log = openSync(logFile, 'a');
  const entry = apiEntry(fromSource);
  const child = spawn(process.execPath, [...entry, '--with-worker'], {
    cwd: ROOT,
    stdio: ['ignore', log, log],
    env: { PATH: process.env.PATH, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
  });
  trackChild(child);
  return child;
}

async function main(): Promise<void> {
  const dbName = `kiosk_bench_notif_${process.pid}`;
  const prefix = `bench:notif:${randomBytes(3).toString('hex')}:`;
  await withAdmin(BENCH_ADMIN_DB_URL, (c) => c.query(`CREATE DATABASE "${dbName}"`));
  const dbUrl = databaseUrl(BENCH_ADMIN_DB_URL, dbName);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = join(tmpdir(), `bench-notifications-${process.pid}.log`);
  const system = startSystem(
    {
      ...BENCH_API_ENV,
      PORT: String(port),
      DATABASE_URL: dbUrl,
      BENCH_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      WEBHOOK_ALLOW_PRIVATE: 'true',
    },
    logFile,
  );
  const receiver = await startReceiver();
  const db = new Pool({ connectionString: dbUrl, max: 4 });
  const queue = new Bull('notifications', { redis: BENCH_REDIS_URL, prefix: `${prefix}bull` });
  try {
    await waitReady(baseUrl, system, 120_000);
    const token = await login(baseUrl);
    const res = await fetch(`${baseUrl}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, events: ['alert.raised'], secret: SECRET }),
    });
    if (res.status !== 201) throw new Error(`webhook: ${res.status} ${await res.text()}`);
    const webhookId = ((await res.json()) as { id: string }).id;

    // --- 1. commit → received, at RATE events/s
    const committed = new Map<string, number>();
    const total = RATE * SECONDS;
    const started = wallNow();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / RATE;
      const wait = due - wallNow();
      if (wait > 0) await sleep(wait);
      inFlight.push(
        db
          .query<{ event_id: string }>(
            `INSERT INTO outbox (event_type, kiosk_id, occurred_at, payload)
             VALUES ('alert.raised', NULL, now(), $1) RETURNING event_id`,
            [JSON.stringify({ id: `bench-${i}`, severity: 'major', title: 'Bench alert', kioskId: null })],
          )
          .then((r) => void committed.set(r.rows[0].event_id, wallNow())),
      );
    }
    await Promise.all(inFlight);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && [...committed.keys()].some((id) => !receiver.arrivals.has(id)))
      await sleep(50);
    const lat = Float64Array.from(
      [...committed].map(([id, at]) => (receiver.arrivals.get(id) ?? Number.POSITIVE_INFINITY) - at),
    ).sort();
    const missing = lat.filter((x) => !Number.isFinite(x)).length;

    // --- 2. N queued deliveries, released at once
    await queue.pause();
    const { rows: queued } = await db.query<{ id: string }>(
      `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, occurred_at, data, next_attempt_at, job_id)
       SELECT id, $1, gen_random_uuid(), 'alert.raised', now(), jsonb_build_object('id', 'drain-' || n), now(), id::text
         FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, $2) AS n) g
       RETURNING id`,
      [webhookId, DRAIN],
    );
    for (let i = 0; i < queued.length; i += 1000) {
      await queue.addBulk(
        queued.slice(i, i + 1000).map((d) => ({
          name: 'deliver-webhook',
          data: { deliveryId: d.id },
          opts: { ...DELIVERY_JOB_OPTIONS, jobId: d.id },
        })),
      );
    }
    const before = receiver.total();
    const t0 = wallNow();
    await queue.resume();
    while (receiver.total() - before < DRAIN) await sleep(20);
    const receivedAt = wallNow() - t0;
    for (;;) {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'delivered' AND event_type = 'alert.raised' AND data->>'id' LIKE 'drain-%'`,
      );
      if (rows[0].n >= DRAIN) break;
      await sleep(20);
    }
    const recordedAt = wallNow() - t0;

    // --- 3. N events committed at once through the outbox
    const beforeE2e = receiver.total();
    const t1 = wallNow();
    await db.query(
      `INSERT INTO outbox (event_type, kiosk_id, occurred_at, payload)
       SELECT 'alert.raised', NULL, now(), jsonb_build_object('id', 'burst-' || n) FROM generate_series(1, $1) n`,
      [DRAIN],
    );
    while (receiver.total() - beforeE2e < DRAIN) await sleep(20);
    const burstMs = wallNow() - t1;

    const p99 = percentileSorted(lat, 99);
    const drainRate = (DRAIN / recordedAt) * 1000;
    const lines = [
      `notifications bench${quick ? ' (quick)' : ''}${fromSource ? ' (from source)' : ''} — ${new Date().toISOString()}`,
      `1. outbox commit → signed webhook received, ${total} events at ${RATE}/s:`,
      `   p50 ${fmt(percentileSorted(lat, 50))} ms  p99 ${fmt(p99)} ms  max ${fmt(lat[lat.length - 1 - missing] ?? NaN)} ms  missing ${missing}`,
      `   target p99 ≤ 1000 ms: ${p99 <= 1000 && missing === 0 ? 'met' : 'NOT met'} (p99 / target = ${fmt(p99 / 1000, 3)})`,
      `2. ${DRAIN} queued deliveries: all received in ${fmt(receivedAt / 1000, 2)} s (${fmt((DRAIN / receivedAt) * 1000, 0)}/s), all recorded delivered in ${fmt(recordedAt / 1000, 2)} s (${fmt(drainRate, 0)}/s)`,
      `   target ≥ 1000/s: ${drainRate >= 1000 ? 'met' : 'NOT met'} (rate / target = ${fmt(drainRate / 1000, 2)})`,
      `3. ${DRAIN} events committed in one transaction → all received: ${fmt(burstMs / 1000, 2)} s (${fmt((DRAIN / burstMs) * 1000, 0)}/s, relay + fan-out + delivery)`,
      `   bad signatures: ${receiver.bad()}; duplicate receipts: ${receiver.total() - receiver.arrivals.size}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await queue.close().catch(() => undefined);
    await db.end().catch(() => undefined);
    receiver.server.closeAllConnections();
    receiver.server.close();
    await stopApi(system);
    await killChildren();
    await withAdmin(BENCH_ADMIN_DB_URL, (c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
    await flushRedisPrefix(BENCH_REDIS_URL, prefix);
  }
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exitCode = 1;
});
