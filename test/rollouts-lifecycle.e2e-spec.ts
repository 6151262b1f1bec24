import { randomUUID } from 'node:crypto';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import {
  CancelKioskCommandsCommand,
  GetKioskCommandStatusesQuery,
  IssuedKioskCommand,
  IssueKioskCommandsCommand,
  KioskCommandStatuses,
} from '@app/contracts';
import { createTestDatabase } from '@app/database';
import { eventually } from './support/kiosks';
import {
  getRollout,
  registerSiteKiosk,
  rolloutAction,
  rolloutBody,
  TO_VERSION,
  UpdatingKiosk,
} from './support/rollouts';
import { API, freePort, startTestApp } from './support/test-app';

const ENV = { KIOSK_CONNECT_RATE_PER_MIN: '0', ROLLOUT_TICK_MS: '100' };

/**
 * Rollouts over kiosks that come and go, and an API that restarts: a kiosk offline during its wave
 * is updated when it next joins, and a restart mid-rollout loses nothing (all state in PostgreSQL).
 */
describe('rollouts: offline kiosks, API restarts, batch issuing', () => {
  it('updates a kiosk that was offline during its wave when it rejoins; a kiosk back on the old version, or not back within a day, fails', async () => {
    const t = await startTestApp({ env: ENV });
    const kiosks: UpdatingKiosk[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        kiosks.push(new UpdatingKiosk(() => t.baseUrl, await registerSiteKiosk(t, i, 'r-offline')));
      }
      kiosks[3].outcome = 'old_version';
      kiosks[4].outcome = 'vanish';
      await Promise.all(kiosks.slice(1).map((k) => k.connect()));
      const res = await t
        .http()
        .post(`${API}/rollouts`)
        .set((await t.admin()).auth)
        .send(rolloutBody({ tag: 'r-offline' }, { waves: [100], failureThreshold: 0.5 }))
        .expect(201);
      const id = res.body.id as string;
      await rolloutAction(t, id, 'start');

      const waiting = await eventually(async () => {
        const r = await getRollout(t, id);
        expect(r.waves[0]).toMatchObject({ succeeded: 2, failed: 1, pending: 2 });
        return r;
      });
      expect(waiting.status).toBe('running');
      expect(waiting.heldBy).toEqual({ guard: 'wave_in_progress', detail: 'wave 0 is in progress' });

      // The offline kiosk joins: the command waiting for it is delivered, applied, and it rejoins.
      await kiosks[0].connect();
      await eventually(async () =>
        expect((await getRollout(t, id)).waves[0]).toMatchObject({ succeeded: 3, failed: 1, pending: 1 }),
      );
      // The kiosk that acked success and vanished holds the wave until its command's day is up.
      await new Promise((r) => setTimeout(r, 500));
      expect((await getRollout(t, id)).status).toBe('running');
      await t.app
        .get(DataSource)
        .query(
          `UPDATE rollout_kiosks SET updated_at = now() - interval '2 days' WHERE rollout_id = $1 AND kiosk_id = $2`,
          [id, kiosks[4].kiosk.id],
        );
      const done = await eventually(async () => {
        const r = await getRollout(t, id);
        expect(r.status).toBe('completed');
        return r;
      });
      expect(done.waves[0]).toMatchObject({ kiosks: 5, succeeded: 3, failed: 2, pending: 0 });
      expect(kiosks.map((k) => k.updates.length)).toEqual([1, 1, 1, 1, 1]);
      expect(kiosks[0].version).toBe(TO_VERSION);
    } finally {
      for (const k of kiosks) k.retire();
      await t.close();
    }
  }, 40_000);

  it('skips a kiosk decommissioned after the rollout was created: neither failed nor pending', async () => {
    const t = await startTestApp({ env: ENV });
    const kiosks: UpdatingKiosk[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        kiosks.push(new UpdatingKiosk(() => t.baseUrl, await registerSiteKiosk(t, i, 'r-decom')));
      }
      await Promise.all(kiosks.slice(0, 2).map((k) => k.connect()));
      const admin = (await t.admin()).auth;
      const res = await t
        .http()
        .post(`${API}/rollouts`)
        .set(admin)
        .send(rolloutBody({ tag: 'r-decom' }, { waves: [100], failureThreshold: 0 }))
        .expect(201);
      await t.http().delete(`${API}/kiosks/${kiosks[2].kiosk.id}`).set(admin).expect(204);
      await rolloutAction(t, res.body.id, 'start');
      const done = await eventually(async () => {
        const r = await getRollout(t, res.body.id);
        expect(r.status).toBe('completed');
        return r;
      });
      expect(done.waves[0]).toMatchObject({ kiosks: 3, succeeded: 2, failed: 0, pending: 0 });
    } finally {
      for (const k of kiosks) k.retire();
      await t.close();
    }
  }, 40_000);

  it('survives an API restart mid-rollout: waves, kiosk states and commands come back from PostgreSQL', async () => {
    const port = await freePort();
    const db = await createTestDatabase();
    let t = await startTestApp({ port, databaseUrl: db.url, keepRedis: true, env: ENV });
    const kiosks: UpdatingKiosk[] = [];
    try {
      // One site: order by id, so kiosks 0-2 make wave 0 and 3-5 wave 1.
      for (let i = 0; i < 6; i++) {
        kiosks.push(new UpdatingKiosk(() => t.baseUrl, await registerSiteKiosk(t, 3, 'r-restart')));
      }
      // Wave 1's kiosks are offline: the rollout is mid-way (wave 1 commanded, unanswered) when the API goes down.
      await Promise.all(kiosks.slice(0, 3).map((k) => k.connect()));
      const res = await t
        .http()
        .post(`${API}/rollouts`)
        .set((await t.admin()).auth)
        .send(rolloutBody({ tag: 'r-restart' }, { waves: [50, 50] }))
        .expect(201);
      const id = res.body.id as string;
      await rolloutAction(t, id, 'start');
      const before = await eventually(async () => {
        const r = await getRollout(t, id);
        expect(r.waves[1].startedAt).toBeDefined();
        return r;
      });
      expect(before.waves[0]).toMatchObject({ succeeded: 3, pending: 0 });

      for (const k of kiosks) k.close();
      await t.close();
      t = await startTestApp({ port, databaseUrl: db.url, keepRedis: false, env: ENV });

      const after = await getRollout(t, id);
      expect(after).toMatchObject({ status: 'running', currentWave: 1 });
      expect(after.waves).toEqual(before.waves);

      // Wave 1 joins the new instance: each gets the command issued before the restart, once.
      await Promise.all(kiosks.slice(3).map((k) => k.connect()));
      const done = await eventually(async () => {
        const r = await getRollout(t, id);
        expect(r.status).toBe('completed');
        return r;
      }, 15_000);
      expect(done.waves.map((w) => [w.succeeded, w.failed, w.pending])).toEqual([
        [3, 0, 0],
        [3, 0, 0],
      ]);
      expect(kiosks.map((k) => k.updates.length)).toEqual([1, 1, 1, 1, 1, 1]);
    } finally {
      for (const k of kiosks) k.retire();
      await t.close();
      await db.drop();
    }
  }, 60_000);

  it('issues a wave idempotently per batch, never to decommissioned kiosks, and cancels it set-based (the command module side)', async () => {
    const t = await startTestApp({ env: ENV });
    try {
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) ids.push((await registerSiteKiosk(t, i, 'r-batch')).id);
      const bus = t.app.get(CommandBus);
      const issue = (kioskIds: number[]) =>
        bus.execute<IssueKioskCommandsCommand, IssuedKioskCommand[]>(
          new IssueKioskCommandsCommand(batch, 'update', { version: TO_VERSION }, kioskIds, 86_400, null),
        );
      const batch = randomUUID();
      const first = await issue(ids.slice(0, 2));
      expect(first.map((c) => c.kioskId).sort()).toEqual(ids.slice(0, 2).sort());
      // Again with one more kiosk (a pass repeated after a crash): the first two keep their commands.
      const again = await issue(ids);
      expect(again).toHaveLength(3);
      for (const c of first) expect(again).toContainEqual(c);
      const [{ n }] = await t.app
        .get(DataSource)
        .query(`SELECT count(*)::int AS n FROM kiosk_commands WHERE batch_id = $1`, [batch]);
      expect(n).toBe(3);

      const commandIds = again.map((c) => c.commandId);
      expect(await bus.execute(new CancelKioskCommandsCommand(commandIds))).toBe(3);
      expect(await bus.execute(new CancelKioskCommandsCommand(commandIds))).toBe(0);
      const statuses = await t.app
        .get(QueryBus)
        .execute<GetKioskCommandStatusesQuery, KioskCommandStatuses>(
          new GetKioskCommandStatusesQuery(commandIds),
        );
      expect([...statuses.values()]).toEqual(Array(3).fill({ status: 'cancelled', error: null }));
      // A kiosk decommissioned since it was picked gets no command and is absent from the answer.
      await t
        .http()
        .delete(`${API}/kiosks/${ids[2]}`)
        .set((await t.admin()).auth)
        .expect(204);
      const later = await issue(ids);
      expect(later.map((c) => c.kioskId).sort()).toEqual(ids.slice(0, 2).sort());
      const rest = await bus.execute<IssueKioskCommandsCommand, IssuedKioskCommand[]>(
        new IssueKioskCommandsCommand(randomUUID(), 'update', { version: TO_VERSION }, ids, 86_400, null),
      );
      expect(rest.map((c) => c.kioskId).sort()).toEqual(ids.slice(0, 2).sort());
      // Params are checked as on every other path.
      await expect(
        bus.execute(
          new IssueKioskCommandsCommand(randomUUID(), 'update', { version: '' }, ids, 86_400, null),
        ),
      ).rejects.toThrow('Invalid command parameters');
    } finally {
      await t.close();
    }
  });
});
