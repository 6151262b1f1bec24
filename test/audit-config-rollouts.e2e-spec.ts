import { Role } from '@app/contracts';
import { tagName } from './support/kiosk-configs';
import { assign, eventually, registerKiosk } from './support/kiosks';
import { rolloutBody } from './support/rollouts';
import { API, Session, startTestApp, TestApp } from './support/test-app';

interface AuditEntry {
  action: string;
  actorId: string | null;
  actorUsername: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

/**
 * Remote configuration changes and what admins do to rollouts reach the audit log (GET /audit-log)
 * with who did it, from where, and on what: the kiosk and rollout modules publish events carrying
 * the request's actor, the auth module records them.
 */
describe('audit log: config changes and rollout actions', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.admin();
  });
  afterAll(() => t.close());

  const entries = async (action: string): Promise<AuditEntry[]> =>
    (await t.http().get(`${API}/audit-log?action=${action}&limit=200`).set(admin.auth).expect(200)).body
      .items as AuditEntry[];

  /** The one entry of `action` on `targetId`, once the event reached the log. */
  const entryFor = (action: string, targetId: string) =>
    eventually(async () => {
      const mine = (await entries(action)).filter((e) => e.targetId === targetId);
      expect(mine).toHaveLength(1);
      return mine[0];
    });

  const byAdmin = (targetType: string, targetId: string) => ({
    actorId: admin.user.id,
    actorUsername: 'admin',
    targetType,
    targetId,
    ip: expect.any(String),
    requestId: expect.any(String),
  });

  it('records a kiosk’s own settings and a tag’s settings, by whom', async () => {
    const tag = tagName('audit');
    const k = await registerKiosk(t, { tags: [tag] });
    const set = await t
      .http()
      .put(`${API}/kiosks/${k.id}/config`)
      .set(admin.auth)
      .send({ settings: { brightness: 60 } })
      .expect(200);
    expect(await entryFor('kiosk.config_changed', String(k.id))).toMatchObject({
      ...byAdmin('kiosk', String(k.id)),
      details: { settings: { brightness: 60 }, desiredVersion: set.body.desiredVersion },
    });

    await t
      .http()
      .put(`${API}/kiosk-configs/tags/${tag}`)
      .set(admin.auth)
      .send({ settings: { volume: 3 } })
      .expect(200);
    expect(await entryFor('kiosk_tag.config_changed', tag)).toMatchObject({
      ...byAdmin('kiosk_tag', tag),
      details: { settings: { volume: 3 }, kiosksChanged: 1 },
    });

    // An operator on a kiosk assigned to them: recorded as theirs.
    const operator = await t.userWithRole(Role.Operator);
    const mine = await registerKiosk(t);
    await assign(t, mine, operator);
    await t
      .http()
      .put(`${API}/kiosks/${mine.id}/config`)
      .set(operator.auth)
      .send({ settings: { a: 1 } })
      .expect(200);
    expect(await entryFor('kiosk.config_changed', String(mine.id))).toMatchObject({
      actorId: operator.id,
      actorUsername: operator.user.username,
      targetType: 'kiosk',
    });

    // Refused changes are not changes: nothing recorded.
    await t
      .http()
      .put(`${API}/kiosk-configs/tags/${tag}`)
      .set(operator.auth)
      .send({ settings: { volume: 9 } })
      .expect(403);
    await new Promise((r) => setTimeout(r, 300));
    expect((await entries('kiosk_tag.config_changed')).filter((e) => e.targetId === tag)).toHaveLength(1);
  });

  it('records rollout create, start, pause, resume and cancel, with the rollout as target', async () => {
    const tag = tagName('audit-ro');
    await registerKiosk(t, { tags: [tag] });
    const body = rolloutBody({ tag }, { waves: [100] });
    const created = await t.http().post(`${API}/rollouts`).set(admin.auth).send(body).expect(201);
    const id = created.body.id as string;
    expect(await entryFor('rollout.created', id)).toMatchObject({
      ...byAdmin('rollout', id),
      details: { name: body.name, version: body.params.version, kiosks: 1 },
    });
    // From the wrong status: 422, and nothing recorded.
    await t.http().post(`${API}/rollouts/${id}/pause`).set(admin.auth).expect(422);
    for (const [action, recorded] of [
      ['start', 'rollout.started'],
      ['pause', 'rollout.paused'],
      ['resume', 'rollout.resumed'],
      ['cancel', 'rollout.cancelled'],
    ]) {
      await t.http().post(`${API}/rollouts/${id}/${action}`).set(admin.auth).expect(200);
      expect(await entryFor(recorded, id)).toMatchObject(byAdmin('rollout', id));
    }
    expect((await entries('rollout.paused')).filter((e) => e.targetId === id)).toHaveLength(1);
  });
});
