import { disableSeededRules, createRule, dataSourceOf } from './support/alerts';
import { emitWithAck, eventually, kioskUpdate } from './support/kiosks';
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
 * The guards beyond the anchors (issue 20): the next wave waits while the previous wave's kiosks
 * raise more alerts than before the update, or sell less than the same span a week before; the
 * rollout says which guard holds it, and the held wave's kiosks are never commanded.
 */
describe('rollouts: alert and sales guards hold the next wave', () => {
  let t: TestApp;
  const kiosks: UpdatingKiosk[] = [];
  beforeAll(async () => {
    t = await startTestApp({ env: { KIOSK_CONNECT_RATE_PER_MIN: '0', ROLLOUT_TICK_MS: '100' } });
    await disableSeededRules(t);
  });
  afterAll(async () => {
    for (const k of kiosks) k.retire();
    await t.close();
  });

  async function fourAtOneSite(tag: string, site: number): Promise<UpdatingKiosk[]> {
    const made: UpdatingKiosk[] = [];
    for (let i = 0; i < 4; i++)
      made.push(new UpdatingKiosk(() => t.baseUrl, await registerSiteKiosk(t, site, tag)));
    kiosks.push(...made);
    await Promise.all(made.map((k) => k.connect()));
    return made;
  }

  async function startRollout(tag: string): Promise<string> {
    const res = await t
      .http()
      .post(`${API}/rollouts`)
      .set((await t.admin()).auth)
      .send(rolloutBody({ tag }, { waves: [50, 50], failureThreshold: 0.5, waitSeconds: 2 }))
      .expect(201);
    await rolloutAction(t, res.body.id, 'start');
    return res.body.id as string;
  }

  it('holds wave 1 while wave 0 raises more alerts than before the update', async () => {
    await createRule(t, {
      name: 'Hot after update',
      condition: { field: 'environmental.temperature', op: '>', value: 60 },
    });
    const four = await fourAtOneSite('g-alerts', 11);
    const id = await startRollout('g-alerts');
    // Wave 0 (the first two by id) comes back on the new version, running hot.
    await eventually(async () => {
      expect(four.slice(0, 2).map((k) => k.version)).toEqual([TO_VERSION, TO_VERSION]);
      expect(four.slice(0, 2).every((k) => k.socket?.connected)).toBe(true);
    });
    for (const k of four.slice(0, 2)) {
      const hot = kioskUpdate(1, { environmental: { temperature: 75, humidity: 50, air_quality: 30 } });
      expect(await emitWithAck(k.socket!, 'kiosk_update', hot)).toMatchObject({ ok: true });
    }
    const held = await eventually(async () => {
      const r = await getRollout(t, id);
      expect(r.heldBy?.guard).toBe('alerts');
      return r;
    }, 15_000);
    expect(held.heldBy?.detail).toMatch(
      /wave 0's 2 kiosk\(s\) raised 2 alert\(s\) since it started .* 0 in as long before/,
    );
    expect(held.waves[0]).toMatchObject({ succeeded: 2, pending: 0 });
    await new Promise((r) => setTimeout(r, 2500)); // past waitSeconds: only the guard holds it now
    const still = await getRollout(t, id);
    expect(still).toMatchObject({ status: 'running', currentWave: 1, heldBy: { guard: 'alerts' } });
    expect(still.waves[1].startedAt).toBeUndefined();
    expect(four.slice(2).map((k) => k.updates.length)).toEqual([0, 0]);
    await rolloutAction(t, id, 'cancel');
  }, 40_000);

  it('holds wave 1 while wave 0 sells less than in the same span a week before', async () => {
    const four = await fourAtOneSite('g-sales', 12);
    // History: a week ago, wave 0's kiosks sold every 100 ms through the minute ahead.
    await dataSourceOf(t).query(
      `INSERT INTO payments (kiosk_id, transaction_id, amount_minor, currency, method, status, occurred_at, source)
       SELECT k, 'HIST-' || k || '-' || i, 250, 'USD', 'cash', 'completed',
              now() - interval '7 days' + i * interval '100 milliseconds', 'kiosk'
         FROM unnest($1::int[]) AS k, generate_series(0, 600) AS i`,
      [four.slice(0, 2).map((k) => k.kiosk.id)],
    );
    const id = await startRollout('g-sales');
    const held = await eventually(async () => {
      const r = await getRollout(t, id);
      expect(r.heldBy?.guard).toBe('sales');
      return r;
    }, 15_000);
    expect(held.heldBy?.detail).toMatch(
      /wave 0's 2 kiosk\(s\) made 0 sale\(s\) since it started .* in the same span a week before/,
    );
    await new Promise((r) => setTimeout(r, 2500));
    const still = await getRollout(t, id);
    expect(still).toMatchObject({ status: 'running', heldBy: { guard: 'sales' } });
    expect(still.waves[1].startedAt).toBeUndefined();
    expect(four.slice(2).map((k) => k.updates.length)).toEqual([0, 0]);
    await rolloutAction(t, id, 'cancel');
  }, 40_000);

  it('with respectMaintenanceWindows, commands a kiosk only while one of its maintenance windows is open', async () => {
    const four = await fourAtOneSite('g-maint', 13);
    const admin = (await t.admin()).auth;
    const window = (scope: { kind: string; value: string | number }) => ({
      scope,
      startsAt: new Date(Date.now() - 1000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      reason: 'update slot',
    });
    await t
      .http()
      .post(`${API}/maintenance-windows`)
      .set(admin)
      .send(window({ kind: 'kiosk', value: four[1].kiosk.id }))
      .expect(201);
    const res = await t
      .http()
      .post(`${API}/rollouts`)
      .set(admin)
      .send(rolloutBody({ tag: 'g-maint' }, { waves: [100], respectMaintenanceWindows: true }))
      .expect(201);
    const id = res.body.id as string;
    expect(res.body.respectMaintenanceWindows).toBe(true);
    await rolloutAction(t, id, 'start');
    const held = await eventually(async () => {
      const r = await getRollout(t, id);
      expect(r.waves[0].succeeded).toBe(1);
      expect(r.heldBy?.guard).toBe('maintenance_window');
      return r;
    });
    expect(held.heldBy?.detail).toBe('3 kiosk(s) of wave 0 wait for a maintenance window');
    expect(four.map((k) => k.updates.length)).toEqual([0, 1, 0, 0]);

    // A window for the whole tag opens: the rest are commanded and the rollout completes.
    await t
      .http()
      .post(`${API}/maintenance-windows`)
      .set(admin)
      .send(window({ kind: 'tag', value: 'g-maint' }))
      .expect(201);
    await eventually(async () => expect((await getRollout(t, id)).status).toBe('completed'));
    expect(four.map((k) => k.updates.length)).toEqual([1, 1, 1, 1]);
  }, 40_000);
});
