import { EventBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { RolloutUpdatedEvent } from '@app/contracts';
import { eventually, RegisteredKiosk } from './support/kiosks';
import {
  getRollout,
  registerSiteKiosk,
  rolloutAction,
  rolloutBody,
  TO_VERSION,
  UpdatingKiosk,
} from './support/rollouts';
import { API, startTestApp, TestApp } from './support/test-app';

/**
 * Staged rollouts (CONTRACT §8) on the real app, with raw socket.io-client kiosks that apply
 * `update` and rejoin on the new version: waves in order across sites, abort on the failure
 * threshold before later waves are ever commanded, pause and resume.
 */
describe('rollouts: waves, abort, pause/resume', () => {
  let t: TestApp;
  const kiosks: UpdatingKiosk[] = [];
  const published: RolloutUpdatedEvent[] = [];

  beforeAll(async () => {
    // Kiosks restart and rejoin on every update, faster than a real kiosk's handshake budget allows.
    t = await startTestApp({ env: { KIOSK_CONNECT_RATE_PER_MIN: '0', ROLLOUT_TICK_MS: '100' } });
    t.app.get(EventBus).subscribe((e) => {
      if (e instanceof RolloutUpdatedEvent) published.push(e);
    });
  });
  afterAll(async () => {
    for (const k of kiosks) k.retire();
    await t.close();
  });

  async function fleet(n: number, tag: string, siteOf: (i: number) => number): Promise<UpdatingKiosk[]> {
    const registered: RegisteredKiosk[] = [];
    for (let i = 0; i < n; i++) registered.push(await registerSiteKiosk(t, siteOf(i), tag));
    const made = registered.map((r) => new UpdatingKiosk(() => t.baseUrl, r));
    kiosks.push(...made);
    return made;
  }

  async function create(body: Record<string, unknown>): Promise<string> {
    const res = await t
      .http()
      .post(`${API}/rollouts`)
      .set((await t.admin()).auth)
      .send(body)
      .expect(201);
    expect(res.headers.location).toBe(`/api/v1/rollouts/${res.body.id}`);
    return res.body.id as string;
  }

  it('updates 30 kiosks in 3 waves, each wave spanning the sites, the next only after the previous finished', async () => {
    const site = (i: number) => i % 5;
    const fleet30 = await fleet(30, 'r-waves', site);
    await Promise.all(fleet30.map((k) => k.connect()));
    const id = await create(rolloutBody({ tag: 'r-waves' }, { waves: [10, 30, 60], waitSeconds: 1 }));

    const draft = await getRollout(t, id);
    expect(draft).toMatchObject({ status: 'draft', kiosks: 30, currentWave: null });
    expect(draft.waves.map((w) => [w.index, w.kiosks, w.pending, w.startedAt])).toEqual([
      [0, 3, 3, undefined],
      [1, 9, 9, undefined],
      [2, 18, 18, undefined],
    ]);
    expect(fleet30.every((k) => k.updates.length === 0)).toBe(true);

    await rolloutAction(t, id, 'start');
    // Wave 0 finished; wave 1 waits waitSeconds: only the 3 canaries have the command, at 3 sites.
    const afterFirst = await eventually(async () => {
      const r = await getRollout(t, id);
      expect(r.waves[0]).toMatchObject({ succeeded: 3, failed: 0, pending: 0 });
      expect(r.waves[0].finishedAt).toBeDefined();
      return r;
    });
    expect(afterFirst.waves[1].succeeded).toBe(0);
    const canaries = fleet30.filter((k) => k.updates.length > 0);
    expect(canaries).toHaveLength(3);
    expect(new Set(canaries.map((k) => site(fleet30.indexOf(k)))).size).toBe(3);

    const done = await eventually(async () => {
      const r = await getRollout(t, id);
      expect(r.status).toBe('completed');
      return r;
    }, 20_000);
    expect(done.waves.map((w) => [w.kiosks, w.succeeded, w.failed, w.pending])).toEqual([
      [3, 3, 0, 0],
      [9, 9, 0, 0],
      [18, 18, 0, 0],
    ]);
    // Waves ran in order, each after the previous finished plus waitSeconds.
    for (let i = 1; i < 3; i++) {
      const prev = Date.parse(done.waves[i - 1].finishedAt ?? '');
      expect(Date.parse(done.waves[i].startedAt ?? '')).toBeGreaterThanOrEqual(prev + 1000);
    }
    // Every kiosk was commanded exactly once and runs the new version.
    expect(fleet30.map((k) => k.updates.length)).toEqual(Array(30).fill(1));
    expect(fleet30.every((k) => k.updates[0].params.sha256 === 'ab'.repeat(32))).toBe(true);
    const sample = await t
      .http()
      .get(`${API}/kiosks/${fleet30[29].kiosk.id}`)
      .set((await t.admin()).auth)
      .expect(200);
    expect(sample.body.firmwareVersion).toBe(TO_VERSION);
    // Progress went out as rollout_updated / rollout.updated: the last one says completed.
    const mine = published.filter((e) => e.rollout.id === id);
    expect(mine.map((e) => e.rollout.status)).toContain('running');
    expect(mine[mine.length - 1].rollout).toMatchObject({ status: 'completed' });
    const outbox: Array<{ payload: { status: string } }> = await t.app
      .get(DataSource)
      .query(
        `SELECT payload FROM outbox WHERE event_type = 'rollout.updated' AND payload->>'id' = $1 ORDER BY id`,
        [id],
      );
    expect(outbox.map((o) => o.payload.status)).toEqual(
      expect.arrayContaining(['draft', 'running', 'completed']),
    );
  }, 60_000);

  it('aborts when the first wave fails 40 % with threshold 0.2; the later wave never receives the command', async () => {
    // One site: the order is by id, so the first five kiosks make wave 0.
    const ten = await fleet(10, 'r-abort', () => 7);
    ten[0].outcome = 'error';
    ten[1].outcome = 'error';
    await Promise.all(ten.map((k) => k.connect()));
    const id = await create(rolloutBody({ tag: 'r-abort' }, { waves: [50, 50], failureThreshold: 0.2 }));
    await rolloutAction(t, id, 'start');

    const aborted = await eventually(async () => {
      const r = await getRollout(t, id);
      expect(r.status).toBe('aborted');
      return r;
    });
    expect(aborted.reason).toMatch(/wave 0: 2 of 5 kiosks failed \(40 %\), above the threshold 20 %/);
    expect(aborted.waves[0].failed).toBe(2);
    expect(aborted.waves[1]).toMatchObject({ kiosks: 5, succeeded: 0, failed: 0, pending: 0 });
    expect(aborted.waves[1].startedAt).toBeUndefined();
    // Give a (wrong) next pass every chance to command wave 1.
    await new Promise((r) => setTimeout(r, 1000));
    expect(ten.slice(5).map((k) => k.updates.length)).toEqual([0, 0, 0, 0, 0]);
    expect((await getRollout(t, id)).status).toBe('aborted');
    await rolloutAction(t, id, 'resume', 422);
  }, 30_000);

  it('pause holds the next wave (commands already out finish); resume carries on', async () => {
    const five = await fleet(5, 'r-pause', () => 9);
    // Wave 0 (kiosk 0) is offline when the rollout starts, so the wave is still open when paused.
    await Promise.all(five.slice(1).map((k) => k.connect()));
    const id = await create(rolloutBody({ tag: 'r-pause' }, { waves: [20, 80] }));
    await rolloutAction(t, id, 'start');
    await eventually(async () => expect((await getRollout(t, id)).waves[0].startedAt).toBeDefined());
    const paused = await rolloutAction(t, id, 'pause');
    expect(paused.body).toMatchObject({ status: 'paused', currentWave: 0 });
    await rolloutAction(t, id, 'pause', 422);

    // The canary comes online: it gets its command and finishes its wave, but wave 1 stays put.
    await five[0].connect();
    await eventually(async () => expect((await getRollout(t, id)).waves[0].succeeded).toBe(1));
    await new Promise((r) => setTimeout(r, 800));
    const still = await getRollout(t, id);
    expect(still.status).toBe('paused');
    expect(still.waves[1].startedAt).toBeUndefined();
    expect(five.slice(1).map((k) => k.updates.length)).toEqual([0, 0, 0, 0]);

    await rolloutAction(t, id, 'resume');
    const done = await eventually(async () => {
      const r = await getRollout(t, id);
      expect(r.status).toBe('completed');
      return r;
    });
    expect(done.waves[1]).toMatchObject({ kiosks: 4, succeeded: 4, failed: 0, pending: 0 });
    await rolloutAction(t, id, 'cancel', 422);
  }, 30_000);
  it('counts acks that arrive while paused: crossing the threshold then aborts at once, without a resume', async () => {
    const five = await fleet(5, 'r-paused-fail', () => 8);
    // One site, so wave 0 is the first two kiosks; both are offline when the rollout starts.
    five[0].outcome = 'error';
    await Promise.all(five.slice(2).map((k) => k.connect()));
    const id = await create(
      rolloutBody({ tag: 'r-paused-fail' }, { waves: [40, 60], failureThreshold: 0.2 }),
    );
    await rolloutAction(t, id, 'start');
    await eventually(async () => expect((await getRollout(t, id)).waves[0].startedAt).toBeDefined());
    await rolloutAction(t, id, 'pause');

    // The first canary joins while paused: its command was issued before the pause, and it fails.
    await five[0].connect();
    const aborted = await eventually(async () => {
      const r = await getRollout(t, id);
      expect(r.status).toBe('aborted');
      return r;
    });
    expect(aborted.reason).toBe('wave 0: 1 of 2 kiosks failed (50 %), above the threshold 20 %');
    expect(aborted.waves[0]).toMatchObject({ kiosks: 2, succeeded: 0, failed: 1, pending: 0 });
    expect(aborted.waves[1].startedAt).toBeUndefined();
    await rolloutAction(t, id, 'resume', 422);

    // The other canary's command was cancelled with the abort: joining now brings it nothing.
    await five[1].connect();
    await new Promise((r) => setTimeout(r, 500));
    expect(five.map((k) => k.updates.length)).toEqual([1, 0, 0, 0, 0]);
  }, 30_000);

  it('a paused rollout whose acks stay under the threshold stays paused', async () => {
    const four = await fleet(4, 'r-paused-ok', () => 7);
    const id = await create(rolloutBody({ tag: 'r-paused-ok' }, { waves: [50, 50], failureThreshold: 0.5 }));
    four[0].outcome = 'error';
    await rolloutAction(t, id, 'start');
    await eventually(async () => expect((await getRollout(t, id)).waves[0].startedAt).toBeDefined());
    await rolloutAction(t, id, 'pause');
    await four[0].connect();
    await eventually(async () => expect((await getRollout(t, id)).waves[0].failed).toBe(1));
    await new Promise((r) => setTimeout(r, 500));
    const still = await getRollout(t, id);
    expect(still).toMatchObject({ status: 'paused', currentWave: 0 });
    expect(still.waves[0]).toMatchObject({ kiosks: 2, failed: 1, pending: 1 });
  }, 30_000);
});
