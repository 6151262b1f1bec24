import { eventually } from './support/kiosks';
import { getRollout, registerSiteKiosk, rolloutAction, rolloutBody, UpdatingKiosk } from './support/rollouts';
import { API, startTestApp, TestApp } from './support/test-app';

/**
 * ROLLOUT_COMMANDS_PER_SEC: a wave's kiosks are commanded at that pace, not all in one second
 * (each acks, reboots and reconnects), and the rollout says why the rest of the wave waits.
 */
describe('rollouts: commands paced per second', () => {
  let t: TestApp;
  const kiosks: UpdatingKiosk[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      env: { KIOSK_CONNECT_RATE_PER_MIN: '0', ROLLOUT_TICK_MS: '100', ROLLOUT_COMMANDS_PER_SEC: '8' },
    });
  });
  afterAll(async () => {
    for (const k of kiosks) k.retire();
    await t.close();
  });

  it('commands a 24-kiosk wave at 8 a second, saying how many are still to command, and completes', async () => {
    for (let i = 0; i < 24; i++) {
      kiosks.push(new UpdatingKiosk(() => t.baseUrl, await registerSiteKiosk(t, i % 4, 'r-pace')));
    }
    await Promise.all(kiosks.map((k) => k.connect()));
    const created = await t
      .http()
      .post(`${API}/rollouts`)
      .set((await t.admin()).auth)
      .send(rolloutBody({ tag: 'r-pace' }, { waves: [100], waitSeconds: 0 }))
      .expect(201);
    const id = created.body.id as string;
    const commandedAt: number[] = [];
    for (const k of kiosks) {
      k.socket?.on('kiosk_command', () => commandedAt.push(Date.now()));
    }
    await rolloutAction(t, id, 'start');

    const held = await eventually(async () => {
      const r = await getRollout(t, id);
      expect(r.heldBy?.detail).toMatch(/still to command, 8 a second/);
      return r;
    });
    expect(held.heldBy?.guard).toBe('wave_in_progress');
    const done = await eventually(async () => {
      const r = await getRollout(t, id);
      expect(r.status).toBe('completed');
      return r;
    }, 20_000);
    expect(done.waves[0]).toMatchObject({ kiosks: 24, succeeded: 24, failed: 0, pending: 0 });
    // 24 kiosks at 8 a second, the first 8 at once: the last command goes out ≥ 2 s after the first.
    expect(kiosks.every((k) => k.updates.length === 1)).toBe(true);
    expect(commandedAt).toHaveLength(24);
    expect(Math.max(...commandedAt) - Math.min(...commandedAt)).toBeGreaterThanOrEqual(1900);
    // No second holds more than the budget allows: the bucket holds 8, refilled at 8 a second.
    const first = Math.min(...commandedAt);
    const inFirstSecond = commandedAt.filter((at) => at - first < 1000).length;
    expect(inFirstSecond).toBeLessThanOrEqual(16);
  });
});
