import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { IssueConfigureJob, KioskConfigsJob, QueueName } from '@app/contracts';
import { ConfigureFanOutRecovery } from '@app/kiosk';
import { configRoutes, tagName, WireCommand } from './support/kiosk-configs';
import { connectKiosk, emitWithAck, eventually, registerKiosk, RegisteredKiosk } from './support/kiosks';
import { startTestApp, TestApp } from './support/test-app';

const KIOSKS = 30;

/**
 * A tag's settings change (CONTRACT §8) answers once the desired versions are committed; the
 * worker sends the `configure` commands after it, each kiosk exactly one, on the real app with
 * socket.io-client kiosks. A lost job (Redis lost it, or the API died before enqueuing it) is
 * found by the recovery sweep from kiosk_configs alone; a job run twice sends nothing twice.
 */
describe('remote configuration: a tag change fanned out by the worker', () => {
  let t: TestApp;
  let db: DataSource;
  let queue: Queue<IssueConfigureJob>;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({ withWorker: true, env: { KIOSK_CONNECT_RATE_PER_MIN: '0' } });
    db = t.app.get(DataSource);
    queue = t.app.get<Queue<IssueConfigureJob>>(getQueueToken(QueueName.KioskConfigs), { strict: false });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  /** `n` kiosks with `tag`, connected and joined, each collecting the configure commands it receives. */
  async function onlineFleet(tag: string, n: number) {
    const fleet: Array<{ k: RegisteredKiosk; received: WireCommand[] }> = [];
    for (let i = 0; i < n; i++) {
      const k = await registerKiosk(t, { tags: [tag] });
      const socket = await connectKiosk(t, k);
      sockets.push(socket);
      const received: WireCommand[] = [];
      socket.on('kiosk_command', (c: WireCommand) => {
        if (c.command === 'configure') received.push(c);
      });
      expect(await emitWithAck(socket, 'kiosk_join', {})).toMatchObject({ ok: true });
      fleet.push({ k, received });
    }
    return fleet;
  }

  const configureCount = async (kioskIds: number[]) =>
    (
      (await db.query(
        `SELECT count(*)::int AS n FROM kiosk_commands WHERE command = 'configure' AND kiosk_id = ANY($1::int[])`,
        [kioskIds],
      )) as Array<{ n: number }>
    )[0].n;

  /** Every kiosk received exactly one configure, carrying its desired version and `settings`. */
  async function expectOneConfigureEach(
    fleet: Array<{ k: RegisteredKiosk; received: WireCommand[] }>,
    settings: Record<string, unknown>,
  ): Promise<void> {
    await eventually(async () => expect(fleet.map((f) => f.received.length)).toEqual(fleet.map(() => 1)));
    // Time for a (wrong) second command to arrive.
    await new Promise((r) => setTimeout(r, 700));
    expect(fleet.map((f) => f.received.length)).toEqual(fleet.map(() => 1));
    for (const { k, received } of fleet) {
      const config = await configRoutes(t).getConfig(k.id);
      expect(received[0].params).toEqual({ version: config.desiredVersion, settings });
      expect(config.pending).toMatchObject({ commandId: received[0].command_id, status: 'sent' });
    }
    expect(await configureCount(fleet.map((f) => f.k.id))).toBe(fleet.length);
  }

  it('answers before any configure is issued; then each kiosk gets exactly one, and a repeated job sends none', async () => {
    const tag = tagName('fan');
    const fleet = await onlineFleet(tag, KIOSKS);
    // Hold this process's worker, so what the request itself did is visible on its own.
    await queue.pause(true);
    const settings = { telemetry_interval_sec: 15 };
    try {
      const body = await configRoutes(t).putTag(tag, settings);
      expect(body).toMatchObject({ tag, settings, kiosksChanged: KIOSKS });
      expect(await configureCount(fleet.map((f) => f.k.id))).toBe(0);
      const versions = await Promise.all(
        fleet.map(async (f) => (await configRoutes(t).getConfig(f.k.id)).desiredVersion),
      );
      expect(new Set(versions).size).toBe(KIOSKS);
      const jobs = await queue.getJobs(['waiting']);
      expect(jobs.map((j) => [j.name, j.data])).toEqual([
        [
          KioskConfigsJob.IssueConfigure,
          {
            fromVersion: Math.min(...versions),
            toVersion: Math.max(...versions),
            issuedBy: (await t.admin()).user.id,
          },
        ],
      ]);
    } finally {
      await queue.resume(true);
    }
    await expectOneConfigureEach(fleet, settings);
    const [cmd] = (await db.query(`SELECT created_by FROM kiosk_commands WHERE id = $1`, [
      fleet[0].received[0].command_id,
    ])) as Array<{ created_by: string }>;
    expect(cmd.created_by).toBe((await t.admin()).user.id);

    // The same job again (a retry after a crash half-way, say): every kiosk was sent its version.
    const [done] = await queue.getJobs(['completed']);
    const again = await queue.add(KioskConfigsJob.IssueConfigure, done.data, { jobId: `again-${done.id}` });
    expect(await again.finished()).toEqual({ issued: 0 });
    await new Promise((r) => setTimeout(r, 500));
    expect(fleet.map((f) => f.received.length)).toEqual(fleet.map(() => 1));
  }, 60_000);

  it('re-enqueues a lost job once from kiosk_configs: each kiosk still gets exactly one configure', async () => {
    const recovery = t.app.get(ConfigureFanOutRecovery, { strict: false });
    const tag = tagName('lost');
    const fleet = await onlineFleet(tag, 10);
    const settings = { screen_brightness: 40 };
    await queue.pause(true);
    try {
      await configRoutes(t).putTag(tag, settings);
      // As if Redis lost the job: the versions are only in PostgreSQL.
      for (const job of await queue.getJobs(['waiting'])) await job.remove();
      // Within the grace period the request may still be enqueuing: left alone.
      expect(await recovery.sweep(30)).toBe(0);
      await db.query(
        `UPDATE kiosk_configs SET updated_at = updated_at - interval '1 minute' WHERE kiosk_id = ANY($1::int[])`,
        [fleet.map((f) => f.k.id)],
      );
      expect(await recovery.sweep(30)).toBe(10);
      // Its job is on its way: a second sweep adds none.
      expect(await recovery.sweep(30)).toBe(0);
      expect(await queue.getJobCounts()).toMatchObject({ waiting: 1 });
    } finally {
      await queue.resume(true);
    }
    await expectOneConfigureEach(fleet, settings);
    // Sent: nothing is left to recover.
    expect(await recovery.sweep(30)).toBe(0);
  }, 60_000);
});
