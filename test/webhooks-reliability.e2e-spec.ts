import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bull';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '@app/core';
import { NotificationsJob, OutboxEvent, QueueName } from '@app/contracts';
import { writeOutbox } from '@app/database';
import { DeliverySweeper } from '@app/notification';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { eventually } from './support/kiosks';
import { startWebhookReceiver } from './support/notification-receivers';
import { ADMIN, API, startTestApp, TEST_REDIS_URL, TestApp } from './support/test-app';

const SECRET = 'reliability-secret-0123456789';
// Short locks so a dead worker's job is taken over in about a second.
const QUEUE_ENV = {
  NOTIFICATIONS_LOCK_MS: '1000',
  NOTIFICATIONS_STALLED_INTERVAL_MS: '500',
  WEBHOOK_TIMEOUT_MS: '30000',
};

describe('webhook delivery survives dead workers and lost jobs (at least once)', () => {
  let t: TestApp;
  let ds: DataSource;
  const workers: INestApplicationContext[] = [];
  const children: ChildProcess[] = [];
  const closers: (() => Promise<void>)[] = [];

  const workerEnv = (locks: Record<string, string> = QUEUE_ENV): Record<string, string> => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    LOG_FORMAT: 'json',
    DATABASE_URL: t.databaseUrl,
    DB_MIGRATE_ON_START: 'false',
    DB_POOL_SIZE: '5',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: t.config.redis.keyPrefix,
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    ...locks,
  });

  /** A worker in this process (closed cleanly at the end). */
  async function startWorker(locks?: Record<string, string>): Promise<INestApplicationContext> {
    const app = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(loadAppConfig(workerEnv(locks))),
      {
        logger: false,
      },
    );
    await app.init();
    workers.push(app);
    return app;
  }

  /** A worker in its own process, so it can be killed with SIGKILL. */
  function startWorkerProcess(): Promise<ChildProcess> {
    const child = fork(join(__dirname, 'support/notification-worker-child.ts'), [], {
      execArgv: ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register'],
      env: {
        ...process.env,
        TS_NODE_TRANSPILE_ONLY: '1',
        TS_NODE_PROJECT: 'tsconfig.json',
        WORKER_ENV: JSON.stringify(workerEnv()),
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      child.once('message', () => resolve(child));
      child.once('exit', (code) => reject(new Error(`worker process exited early (${code})`)));
    });
  }

  beforeAll(async () => {
    t = await startTestApp({ env: QUEUE_ENV });
    ds = t.app.get(DataSource);
  });

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    for (const w of workers) await w.close();
    for (const close of closers) await close();
    await t?.close();
  });

  async function subscribe(url: string): Promise<string> {
    const admin = await t.login(ADMIN.username, ADMIN.password);
    const res = await t
      .http()
      .post(`${API}/webhooks`)
      .set(admin.auth)
      .send({ url, events: ['alert.raised'], secret: SECRET })
      .expect(201);
    return res.body.id as string;
  }

  const deliveryOf = async (webhookId: string) =>
    (await ds.query(`SELECT id, status, attempts, event_id FROM webhook_deliveries WHERE webhook_id = $1`, [
      webhookId,
    ])) as {
      id: string;
      status: string;
      attempts: number;
      event_id: string;
    }[];

  it('delivers after the worker is killed mid-delivery and another takes over', async () => {
    // The first request hangs (the worker dies while waiting); later ones succeed.
    const r = await startWebhookReceiver(SECRET, (_req, n) => (n === 1 ? 'hang' : 200));
    closers.push(r.close);
    const hook = await subscribe(r.url);
    const doomed = await startWorkerProcess();

    const [eventId] = await ds.transaction((m) =>
      writeOutbox(m, [
        // A placeholder body: delivery carries whatever data the row holds.
        { type: 'alert.raised', kioskId: null, occurredAt: new Date(), data: { id: 'crash' } } as OutboxEvent,
      ]),
    );
    await eventually(async () => expect(r.received).toHaveLength(1), 20_000);
    doomed.kill('SIGKILL');
    await new Promise((res) => doomed.once('exit', res));

    await startWorker();
    await eventually(async () => expect(r.received).toHaveLength(2), 20_000);
    expect(r.received.map((x) => x.headers['x-webhook-id'])).toEqual([eventId, eventId]);
    expect(r.received.every((x) => x.signatureValid)).toBe(true);
    await eventually(async () => expect((await deliveryOf(hook))[0]).toMatchObject({ status: 'delivered' }));
    await new Promise((res) => setTimeout(res, 1500));
    expect(r.received).toHaveLength(2);
    expect(await deliveryOf(hook)).toHaveLength(1);
  });

  it('re-enqueues an overdue delivery whose job Redis lost, and leaves one whose job is waiting', async () => {
    const r = await startWebhookReceiver(SECRET);
    closers.push(r.close);
    const hook = await subscribe(r.url);
    const worker = workers[0] ?? (await startWorker());
    const queue = worker.get<Queue>(getQueueToken(QueueName.Notifications), { strict: false });
    const insert = (jobId: string) =>
      ds.query(
        `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, occurred_at, data, next_attempt_at, job_id)
         VALUES (gen_random_uuid(), $1, gen_random_uuid(), 'alert.raised', now(), '{"id":"x"}', now() - interval '5 minutes', $2)
         RETURNING id, event_id`,
        [hook, jobId],
      ) as Promise<{ id: string; event_id: string }[]>;
    const [lost] = await insert('job-that-redis-lost');
    const [waiting] = await insert('job-still-delayed');
    await queue.add(
      NotificationsJob.DeliverWebhook,
      { deliveryId: waiting.id },
      { jobId: 'job-still-delayed', delay: 3600_000 },
    );

    expect(await worker.get(DeliverySweeper, { strict: false }).sweep(0)).toBe(1);
    await eventually(async () => expect(r.received).toHaveLength(1));
    expect(r.received[0].headers['x-webhook-id']).toBe(lost.event_id);
    await eventually(async () =>
      expect((await deliveryOf(hook)).find((d) => d.id === lost.id)).toMatchObject({
        status: 'delivered',
        attempts: 1,
      }),
    );
    expect((await deliveryOf(hook)).find((d) => d.id === waiting.id)).toMatchObject({
      status: 'pending',
      attempts: 0,
    });
  });

  it('relays with several workers at once: every committed event delivered, none twice', async () => {
    const r = await startWebhookReceiver(SECRET);
    closers.push(r.close);
    await subscribe(r.url);
    // Workers with the default locks: with one-second locks a loaded machine can miss a renewal, and
    // Bull then runs that job again elsewhere — at least once, as documented — which is the takeover
    // the tests above measure, not the sharing this one does.
    for (const w of workers.splice(0)) await w.close();
    const steady = {
      ...QUEUE_ENV,
      NOTIFICATIONS_LOCK_MS: '30000',
      NOTIFICATIONS_STALLED_INTERVAL_MS: '30000',
    };
    await startWorker(steady);
    await startWorker(steady);
    const events = Array.from(
      { length: 200 },
      (_, i) =>
        ({
          type: 'alert.raised' as const,
          kioskId: null,
          occurredAt: new Date(),
          // Placeholder bodies: delivery carries whatever data a row holds.
          data: { id: `bulk-${i}` },
        }) as OutboxEvent,
    );
    const ids = [
      ...(await ds.transaction((m) => writeOutbox(m, events.slice(0, 100)))),
      ...(await ds.transaction((m) => writeOutbox(m, events.slice(100)))),
    ];
    await eventually(async () => expect(r.received.length).toBeGreaterThanOrEqual(200), 20_000);
    await new Promise((res) => setTimeout(res, 500));
    const got = r.received.map((x) => String(x.headers['x-webhook-id']));
    expect(got).toHaveLength(200);
    expect(new Set(got)).toEqual(new Set(ids));
  });
});
