import { Socket } from 'socket.io-client';
import { Role } from '@app/contracts';
import type { AlertView } from '@app/contracts';
import {
  ALERT_TEST_MODULES,
  alertsOf,
  createRule,
  disableSeededRules,
  onlineKiosk,
  OnlineKiosk,
  sendTemperature,
} from './support/alerts';
import { assign, eventually } from './support/kiosks';
import { API, startTestApp, TestApp } from './support/test-app';
import { issueApiKey } from './support/api-keys';

describe('alerts: who may see and act on them; listing', () => {
  let t: TestApp;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ENABLED_MODULES: ALERT_TEST_MODULES,
        ALERT_ESCALATION_STEPS_SEC: '',
      },
    });
    await disableSeededRules(t);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  /** A rule on the kiosk's temperature above 60, a reading of 80, and the one alert it raises. */
  async function hotAlert(kiosk: OnlineKiosk, name: string): Promise<AlertView> {
    await createRule(t, {
      name,
      scope: { kind: 'kiosk', value: kiosk.k.id },
      condition: { field: 'environmental.temperature', op: '>', value: 60 },
    });
    await sendTemperature(kiosk, 0, 80);
    const [alert] = await eventually(async () => {
      const list = await alertsOf(t, kiosk.k.id);
      expect(list).toHaveLength(1);
      return list;
    });
    return alert;
  }

  it('lets operators act only on their kiosks’ alerts, viewers only read, and admins alone manage rules', async () => {
    const admin = await t.admin();
    const op = await t.userWithRole(Role.Operator);
    const viewer = await t.userWithRole(Role.Viewer);
    const stranger = await t.userWithRole(Role.Operator);
    const kiosk = await onlineKiosk(t, sockets);
    await assign(t, kiosk.k, op.user);
    const alert = await hotAlert(kiosk, 'Hot (BOLA)');

    // the stranger cannot see, act on or even probe it
    for (const path of [`/alerts/${alert.id}`, `/alerts/${alert.id}/notes`]) {
      await t.http().get(`${API}${path}`).set(stranger.auth).expect(404);
    }
    await t.http().post(`${API}/alerts/${alert.id}/acknowledge`).set(stranger.auth).send({}).expect(404);
    await t.http().post(`${API}/alerts/${alert.id}/resolve`).set(stranger.auth).send({}).expect(404);
    await t.http().post(`${API}/alerts/${alert.id}/notes`).set(stranger.auth).send({ body: 'x' }).expect(404);
    expect(await alertsOf(t, kiosk.k.id, stranger)).toEqual([]);

    // a viewer of the kiosk reads but may not act
    await assign(t, kiosk.k, viewer.user);
    await t.http().get(`${API}/alerts/${alert.id}`).set(viewer.auth).expect(200);
    await t.http().post(`${API}/alerts/${alert.id}/acknowledge`).set(viewer.auth).send({}).expect(403);
    await t.http().post(`${API}/alerts/${alert.id}/resolve`).set(viewer.auth).send({}).expect(403);
    await t.http().post(`${API}/maintenance-windows`).set(viewer.auth).send({}).expect(403);

    // back to the operator, who acts
    await assign(t, kiosk.k, op.user);
    await t.http().get(`${API}/alerts/${alert.id}`).set(viewer.auth).expect(404);
    await t
      .http()
      .post(`${API}/alerts/${alert.id}/notes`)
      .set(op.auth)
      .send({ body: 'on my way' })
      .expect(201);
    await t.http().post(`${API}/alerts/${alert.id}/acknowledge`).set(op.auth).send({}).expect(200);
    const res = await t
      .http()
      .post(`${API}/alerts/${alert.id}/resolve`)
      .set(op.auth)
      .send({ falsePositive: false })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'resolved', resolvedBy: op.user.id, falsePositive: false });
    await t.http().post(`${API}/alerts/${alert.id}/resolve`).set(op.auth).send({}).expect(422);
    await t.http().post(`${API}/alerts/${alert.id}/acknowledge`).set(op.auth).send({}).expect(422);

    // rules are admin-only
    for (const s of [op, viewer]) {
      await t.http().get(`${API}/alert-rules`).set(s.auth).expect(403);
      await t
        .http()
        .post(`${API}/alert-rules`)
        .set(s.auth)
        .send({
          name: 'x',
          severity: 'info',
          scope: { kind: 'all' },
          condition: { liveness: 'stale', forSeconds: 0 },
        })
        .expect(403);
    }
    await t.http().get(`${API}/alerts`).expect(401);
    await t.http().get(`${API}/alerts/not-a-uuid`).set(admin.auth).expect(400);
    await t.http().get(`${API}/alerts/00000000-0000-4000-8000-000000000000`).set(admin.auth).expect(404);
  });

  it('lets API keys see and act on alerts only of kiosks carrying their tags (BOLA), by role', async () => {
    const operatorKey = await issueApiKey(t, { role: 'operator', tags: ['alerts-north'] });
    const viewerKey = await issueApiKey(t, { role: 'viewer', tags: ['alerts-north'] });
    const strangerKey = await issueApiKey(t, { role: 'operator', tags: ['alerts-south'] });
    const kiosk = await onlineKiosk(t, sockets, ['alerts-north']);
    const alert = await hotAlert(kiosk, 'Hot (BOLA, keys)');

    // a key without the kiosk's tag cannot see, act on or probe it
    await t.http().get(`${API}/alerts/${alert.id}`).set(strangerKey.auth).expect(404);
    await t.http().post(`${API}/alerts/${alert.id}/acknowledge`).set(strangerKey.auth).send({}).expect(404);
    await t
      .http()
      .post(`${API}/alerts/${alert.id}/notes`)
      .set(strangerKey.auth)
      .send({ body: 'x' })
      .expect(404);
    const strangerList = await t
      .http()
      .get(`${API}/alerts?kioskId=${kiosk.k.id}&limit=200`)
      .set(strangerKey.auth)
      .expect(200);
    expect(strangerList.body.items).toEqual([]);

    // a viewer key reads but may not act; an operator key acts, recorded under the key
    await t.http().get(`${API}/alerts/${alert.id}`).set(viewerKey.auth).expect(200);
    await t.http().post(`${API}/alerts/${alert.id}/acknowledge`).set(viewerKey.auth).send({}).expect(403);
    await t
      .http()
      .post(`${API}/alerts/${alert.id}/notes`)
      .set(operatorKey.auth)
      .send({ body: 'seen by ERP' })
      .expect(201);
    const acked = await t
      .http()
      .post(`${API}/alerts/${alert.id}/acknowledge`)
      .set(operatorKey.auth)
      .send({})
      .expect(200);
    expect(acked.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: operatorKey.id });
    const resolved = await t
      .http()
      .post(`${API}/alerts/${alert.id}/resolve`)
      .set(operatorKey.auth)
      .send({ falsePositive: true })
      .expect(200);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolvedBy: operatorKey.id,
      falsePositive: true,
    });
  });

  it('filters and pages the alert list', async () => {
    const admin = await t.admin();
    const kiosk = await onlineKiosk(t, sockets);
    await createRule(t, {
      name: 'Hot (list)',
      severity: 'info',
      scope: { kind: 'kiosk', value: kiosk.k.id },
      condition: { field: 'environmental.temperature', op: '>', value: 60 },
    });
    await createRule(t, {
      name: 'Very hot (list)',
      severity: 'critical',
      scope: { kind: 'kiosk', value: kiosk.k.id },
      condition: { field: 'environmental.temperature', op: '>', value: 75 },
    });
    await sendTemperature(kiosk, 0, 80);
    await eventually(async () => expect(await alertsOf(t, kiosk.k.id)).toHaveLength(2));
    const critical = await t
      .http()
      .get(`${API}/alerts?kioskId=${kiosk.k.id}&severity=critical`)
      .set(admin.auth)
      .expect(200);
    expect(critical.body.items.map((a: AlertView) => a.title)).toEqual(['Very hot (list)']);
    const page1 = await t
      .http()
      .get(`${API}/alerts?kioskId=${kiosk.k.id}&limit=1`)
      .set(admin.auth)
      .expect(200);
    expect(page1.body.items).toHaveLength(1);
    const page2 = await t
      .http()
      .get(`${API}/alerts?kioskId=${kiosk.k.id}&limit=1&cursor=${page1.body.nextCursor}`)
      .set(admin.auth)
      .expect(200);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.nextCursor).toBeNull();
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    await t.http().get(`${API}/alerts?status=asleep`).set(admin.auth).expect(400);
  });
});
