import { Role, RolloutUpdatedPayload } from '@app/contracts';
import { connectAlertFeed } from './support/alerts';
import { eventually, registerKiosk } from './support/kiosks';
import { rolloutBody, SHA } from './support/rollouts';
import { API, startTestApp, TestApp } from './support/test-app';

/** Who may do what with rollouts, and bodies no rollout may be made of. */
describe('rollouts: roles and hostile input', () => {
  let t: TestApp;
  let kioskId: number;
  let adminAuth: { Authorization: string };
  beforeAll(async () => {
    t = await startTestApp({ env: { ROLLOUT_TICK_MS: '100' } });
    adminAuth = (await t.admin()).auth;
    kioskId = (await registerKiosk(t, { tags: ['r-valid'] })).id;
  });
  afterAll(() => t.close());

  // Not async: callers chain supertest's .expect on the request itself.
  const post = (body: unknown) =>
    t
      .http()
      .post(`${API}/rollouts`)
      .set(adminAuth)
      .send(body as object);

  it('admins write; operators read only; viewers and anonymous callers get nothing', async () => {
    const created = await post(rolloutBody({ kioskIds: [kioskId] })).expect(201);
    expect(created.body).toMatchObject({ status: 'draft', kiosks: 1, heldBy: null, reason: null });
    const id = created.body.id as string;
    const operator = await t.userWithRole(Role.Operator);
    const viewer = await t.userWithRole(Role.Viewer);

    const one = await t.http().get(`${API}/rollouts/${id}`).set(operator.auth).expect(200);
    expect(one.body.waves).toEqual([
      { index: 0, kiosks: 1, succeeded: 0, failed: 0, pending: 1 },
      { index: 1, kiosks: 0, succeeded: 0, failed: 0, pending: 0 },
      { index: 2, kiosks: 0, succeeded: 0, failed: 0, pending: 0 },
    ]);
    const list = await t.http().get(`${API}/rollouts?limit=1`).set(operator.auth).expect(200);
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([id]);

    await t
      .http()
      .post(`${API}/rollouts`)
      .set(operator.auth)
      .send(rolloutBody({ kioskIds: [kioskId] }))
      .expect(403);
    for (const action of ['start', 'pause', 'resume', 'cancel']) {
      await t.http().post(`${API}/rollouts/${id}/${action}`).set(operator.auth).expect(403);
    }
    await t.http().get(`${API}/rollouts/${id}`).set(viewer.auth).expect(403);
    await t.http().get(`${API}/rollouts`).set(viewer.auth).expect(403);
    await t.http().get(`${API}/rollouts/${id}`).expect(401);
    await t
      .http()
      .post(`${API}/rollouts`)
      .send(rolloutBody({ kioskIds: [kioskId] }))
      .expect(401);

    // The admin moves it; actions from the wrong status are 422, unknown ids 404, malformed ids 400.
    const admin = (await t.admin()).auth;
    await t.http().post(`${API}/rollouts/${id}/pause`).set(admin).expect(422);
    await t.http().post(`${API}/rollouts/${id}/cancel`).set(admin).expect(200);
    const cancelled = await t.http().get(`${API}/rollouts/${id}`).set(admin).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: 'cancelled by an admin' });
    expect(cancelled.body.waves[0]).toMatchObject({ pending: 0, succeeded: 0, failed: 0 });
    await t.http().post(`${API}/rollouts/${id}/start`).set(admin).expect(422);
    await t.http().get(`${API}/rollouts/00000000-0000-4000-8000-000000000000`).set(admin).expect(404);
    await t.http().post(`${API}/rollouts/00000000-0000-4000-8000-000000000000/start`).set(admin).expect(404);
    await t.http().get(`${API}/rollouts/not-a-uuid`).set(admin).expect(400);
    await t.http().get(`${API}/rollouts?cursor=%%%`).set(admin).expect(400);
    await t.http().get(`${API}/rollouts?limit=0`).set(admin).expect(400);
  });

  it('refuses malformed bodies with 400, naming the field', async () => {
    const target = { kioskIds: [kioskId] };
    const bad: Array<[string, unknown, string]> = [
      ['waves summing to 99', rolloutBody(target, { waves: [50, 49] }), 'waves'],
      ['waves summing to 101', rolloutBody(target, { waves: [50, 51] }), 'waves'],
      ['a wave of 0 %', rolloutBody(target, { waves: [0, 100] }), 'waves'],
      ['a wave above 100 %', rolloutBody(target, { waves: [101] }), 'waves'],
      ['fractional percentages', rolloutBody(target, { waves: [50.5, 49.5] }), 'waves'],
      ['no waves', rolloutBody(target, { waves: [] }), 'waves'],
      ['21 waves', rolloutBody(target, { waves: [...Array(20).fill(4), 20] }), 'waves'],
      ['waves as a string', rolloutBody(target, { waves: '10,90' }), 'waves'],
      ['threshold above 1', rolloutBody(target, { failureThreshold: 1.5 }), 'failureThreshold'],
      ['threshold below 0', rolloutBody(target, { failureThreshold: -0.1 }), 'failureThreshold'],
      ['threshold as a string', rolloutBody(target, { failureThreshold: '0.2' }), 'failureThreshold'],
      ['negative wait', rolloutBody(target, { waitSeconds: -1 }), 'waitSeconds'],
      ['fractional wait', rolloutBody(target, { waitSeconds: 1.5 }), 'waitSeconds'],
      ['wait above a week', rolloutBody(target, { waitSeconds: 604801 }), 'waitSeconds'],
      ['another command', rolloutBody(target, { command: 'restart' }), 'command'],
      ['empty name', rolloutBody(target, { name: '' }), 'name'],
      ['name of 201 characters', rolloutBody(target, { name: 'n'.repeat(201) }), 'name'],
      ['no params', rolloutBody(target, { params: undefined }), 'params'],
      [
        'bad sha256',
        rolloutBody(target, { params: { version: '2.4.0', url: 'https://x.example/i', sha256: 'zz' } }),
        'params.sha256',
      ],
      [
        'sha256 of 63 digits',
        rolloutBody(target, {
          params: { version: '2.4.0', url: 'https://x.example/i', sha256: SHA.slice(1) },
        }),
        'params.sha256',
      ],
      [
        'ftp url',
        rolloutBody(target, { params: { version: '2.4.0', url: 'ftp://x.example/i', sha256: SHA } }),
        'params.url',
      ],
      [
        'version of 65 characters',
        rolloutBody(target, { params: { version: 'v'.repeat(65), url: 'https://x.example/i', sha256: SHA } }),
        'params.version',
      ],
      [
        'an unknown param',
        rolloutBody(target, {
          params: { version: '2.4.0', url: 'https://x.example/i', sha256: SHA, force: true },
        }),
        'params.force',
      ],
      ['an unknown field', rolloutBody(target, { dryRun: true }), 'dryRun'],
      ['target with no key', rolloutBody({}), 'target'],
      ['target with two keys', rolloutBody({ tag: 'r-valid', kioskIds: [kioskId] }), 'target'],
      ['target as an array', rolloutBody([kioskId] as unknown as Record<string, unknown>), 'target'],
      ['empty kioskIds', rolloutBody({ kioskIds: [] }), 'target.kioskIds'],
      ['kioskIds of strings', rolloutBody({ kioskIds: ['1'] }), 'target.kioskIds'],
      ['kiosk id 0', rolloutBody({ kioskIds: [0] }), 'target.kioskIds'],
      [
        '20,001 kioskIds',
        rolloutBody({ kioskIds: Array.from({ length: 20001 }, (_, i) => i + 1) }),
        'target.kioskIds',
      ],
      ['a tag with spaces', rolloutBody({ tag: 'two words' }), 'target.tag'],
      ['an unknown target key', rolloutBody({ site: 'north' }), 'target.site'],
    ];
    for (const [label, body, field] of bad) {
      const res = await post(body);
      expect({ label, status: res.status }).toEqual({ label, status: 400 });
      expect({ label, fields: res.body.details.map((d: { field: string }) => d.field) }).toEqual({
        label,
        fields: expect.arrayContaining([expect.stringContaining(field)]),
      });
    }
  });

  it('refuses targets that name unknown kiosks or match none with 422; nothing is created', async () => {
    const unknown = await post(rolloutBody({ kioskIds: [kioskId, 987654] })).expect(422);
    expect(unknown.body.message).toContain('987654');
    await post(rolloutBody({ tag: 'no-kiosk-has-this' })).expect(422);
    await post(rolloutBody({ firmwareBelow: '0.0.1' })).expect(422);
    await post(rolloutBody({ firmwareBelow: 'not-semver' })).expect(422);
    const list = await t
      .http()
      .get(`${API}/rollouts?limit=200`)
      .set((await t.admin()).auth)
      .expect(200);
    expect(list.body.items.filter((r: { kiosks: number }) => r.kiosks === 0)).toEqual([]);
  });

  it('pushes rollout_updated on the admin feed to admins only', async () => {
    const operator = await t.userWithRole(Role.Operator);
    const adminFeed = await connectAlertFeed(t, await t.admin());
    const operatorFeed = await connectAlertFeed(t, operator);
    const seen: Record<'admin' | 'operator', RolloutUpdatedPayload[]> = { admin: [], operator: [] };
    adminFeed.socket.on('rollout_updated', (p: RolloutUpdatedPayload) => seen.admin.push(p));
    operatorFeed.socket.on('rollout_updated', (p: RolloutUpdatedPayload) => seen.operator.push(p));
    try {
      const id = (await post(rolloutBody({ kioskIds: [kioskId] })).expect(201)).body.id as string;
      await t.http().post(`${API}/rollouts/${id}/cancel`).set(adminAuth).expect(200);
      await eventually(async () =>
        expect(seen.admin.filter((p) => p.id === id).map((p) => p.status)).toEqual(['draft', 'cancelled']),
      );
      expect(seen.admin.find((p) => p.status === 'cancelled')).toMatchObject({
        reason: 'cancelled by an admin',
        currentWave: null,
        waves: [{ index: 0, kiosks: 1, pending: 0 }, { index: 1 }, { index: 2 }],
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(seen.operator).toEqual([]);
    } finally {
      adminFeed.close();
      operatorFeed.close();
    }
  });
});
