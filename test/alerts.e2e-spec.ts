import { Socket } from 'socket.io-client';
import { Role } from '@app/contracts';
import type { AlertView } from '@app/contracts';
import {
  ALERT_TEST_MODULES,
  alertsOf,
  AlertFeed,
  connectAlertFeed,
  createRule,
  dataSourceOf,
  disableSeededRules,
  onlineKiosk,
  sendTemperature,
} from './support/alerts';
import { eventually } from './support/kiosks';
import { API, startTestApp, TestApp } from './support/test-app';

describe('alerts: rules, lifecycle, feed and outbox', () => {
  let t: TestApp;
  const sockets: Socket[] = [];
  const feeds: AlertFeed[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ENABLED_MODULES: ALERT_TEST_MODULES,
        ALERT_AUTO_RESOLVE_READINGS: '3',
        ALERT_FLAP_THRESHOLD: '2',
        ALERT_ESCALATION_STEPS_SEC: '',
      },
    });
    await disableSeededRules(t);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const f of feeds) f.close();
    await t.close();
  });

  it('an overheat raises one alert; an operator acknowledges it; it resolves itself after 3 clear readings', async () => {
    const admin = await t.admin();
    const op = await t.userWithRole(Role.Operator);
    const kiosk = await onlineKiosk(t, sockets);
    await t.http().post(`${API}/kiosks/assign`).set(op.auth).send({ code: kiosk.k.code }).expect(200);
    const ruleId = await createRule(t, {
      name: 'Overheat',
      severity: 'major',
      scope: { kind: 'kiosk', value: kiosk.k.id },
      condition: { field: 'environmental.temperature', op: '>', value: 60 },
    });
    const opFeed = await connectAlertFeed(t, op);
    const adminFeed = await connectAlertFeed(t, admin);
    feeds.push(opFeed, adminFeed);

    await sendTemperature(kiosk, 0, 25);
    await sendTemperature(kiosk, 5, 70);
    await sendTemperature(kiosk, 10, 72);
    await sendTemperature(kiosk, 15, 75);
    const [alert] = await eventually(async () => {
      const list = await alertsOf(t, kiosk.k.id, op);
      expect(list).toHaveLength(1);
      expect(list[0].occurrences).toBe(3);
      return list;
    });
    expect(alert).toMatchObject({
      kioskId: kiosk.k.id,
      ruleId,
      type: 'threshold',
      severity: 'major',
      status: 'open',
      muted: false,
      title: 'Overheat',
      acknowledgedBy: null,
      resolvedAt: null,
    });
    await eventually(async () => {
      for (const f of [opFeed, adminFeed]) {
        expect(f.alerts.filter((e) => e.event === 'alert_raised').map((e) => e.alert.id)).toEqual([alert.id]);
      }
    });

    const acked = await t
      .http()
      .post(`${API}/alerts/${alert.id}/acknowledge`)
      .set(op.auth)
      .send({})
      .expect(200);
    expect(acked.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: op.user.id });
    expect(Date.parse(acked.body.acknowledgedAt)).toBeGreaterThanOrEqual(Date.parse(alert.firstSeenAt));

    // Two clear readings are not enough; a breach in between would start the count again.
    await sendTemperature(kiosk, 20, 30);
    await sendTemperature(kiosk, 25, 30);
    await new Promise((r) => setTimeout(r, 300));
    expect((await alertsOf(t, kiosk.k.id))[0].status).toBe('acknowledged');
    await sendTemperature(kiosk, 30, 30);
    const resolved = await eventually(async () => {
      const [a] = await alertsOf(t, kiosk.k.id);
      expect(a).toMatchObject({
        id: alert.id,
        status: 'resolved',
        resolvedBy: null,
        acknowledgedBy: op.user.id,
      });
      return a;
    });
    await eventually(async () =>
      expect(opFeed.alerts.filter((e) => e.event === 'alert_updated').map((e) => e.alert.status)).toEqual([
        'acknowledged',
        'resolved',
      ]),
    );

    // Each announcement is also in the outbox, written with the change it announces.
    const outbox = await dataSourceOf(t).query(
      `SELECT event_type, payload FROM outbox WHERE payload->>'id' = $1 ORDER BY id`,
      [alert.id],
    );
    expect(
      outbox.map((o: { event_type: string; payload: AlertView & { change?: string } }) => [
        o.event_type,
        o.payload.status,
        o.payload.change,
      ]),
    ).toEqual([
      ['alert.raised', 'open', undefined],
      ['alert.updated', 'acknowledged', 'acknowledged'],
      ['alert.updated', 'resolved', 'resolved'],
    ]);
    expect(resolved.resolvedAt).not.toBeNull();
  });

  it('waits for the rule’s duration (on the kiosk clock) before raising', async () => {
    const kiosk = await onlineKiosk(t, sockets);
    await createRule(t, {
      name: 'Hot for 10 s',
      scope: { kind: 'kiosk', value: kiosk.k.id },
      condition: { field: 'environmental.temperature', op: '>=', value: 60 },
      forSeconds: 10,
    });
    await sendTemperature(kiosk, 0, 65);
    await sendTemperature(kiosk, 5, 65);
    await sendTemperature(kiosk, 8, 50); // breaks the streak
    await sendTemperature(kiosk, 9, 65);
    await sendTemperature(kiosk, 15, 65);
    await new Promise((r) => setTimeout(r, 300));
    expect(await alertsOf(t, kiosk.k.id)).toEqual([]);
    await sendTemperature(kiosk, 19, 66);
    await eventually(async () => expect(await alertsOf(t, kiosk.k.id)).toHaveLength(1));
  });

  it('keeps a flapping alert open: re-opened twice within the window, it no longer auto-resolves', async () => {
    const kiosk = await onlineKiosk(t, sockets);
    await createRule(t, {
      name: 'Flappy',
      scope: { kind: 'kiosk', value: kiosk.k.id },
      condition: { field: 'environmental.temperature', op: '>', value: 60 },
    });
    const statusAfter = async (sec: number, temperature: number, status: string) => {
      await sendTemperature(kiosk, sec, temperature);
      return eventually(async () => {
        const list = await alertsOf(t, kiosk.k.id);
        expect(list).toHaveLength(1);
        expect(list[0].status).toBe(status);
        return list[0];
      });
    };
    let s = 0;
    const first = await statusAfter(s++, 70, 'open');
    for (let round = 0; round < 2; round++) {
      await sendTemperature(kiosk, s++, 20);
      await sendTemperature(kiosk, s++, 20);
      await statusAfter(s++, 20, 'resolved');
      const again = await statusAfter(s++, 70, 'open');
      expect(again.id).toBe(first.id);
    }
    // Flapping now: three clear readings leave it open.
    for (let i = 0; i < 4; i++) await sendTemperature(kiosk, s++, 20);
    await new Promise((r) => setTimeout(r, 300));
    const [stillOpen] = await alertsOf(t, kiosk.k.id);
    expect(stillOpen).toMatchObject({ id: first.id, status: 'open' });
    expect(stillOpen.occurrences).toBe(3);
    // A person can still resolve it.
    await t
      .http()
      .post(`${API}/alerts/${first.id}/resolve`)
      .set((await t.admin()).auth)
      .send({ falsePositive: true, note: 'sensor loose' })
      .expect(200);
    const notes = await t
      .http()
      .get(`${API}/alerts/${first.id}/notes`)
      .set((await t.admin()).auth)
      .expect(200);
    expect(notes.body.map((n: { body: string }) => n.body)).toEqual(['sensor loose']);
  });

  it('validates rules on save, naming the unknown field or operator', async () => {
    const admin = await t.admin();
    const post = (condition: unknown, extra: Record<string, unknown> = {}) =>
      t
        .http()
        .post(`${API}/alert-rules`)
        .set(admin.auth)
        .send({ name: 'x', severity: 'warning', scope: { kind: 'all' }, condition, ...extra });
    const badField = await post({ field: 'hardware.gpu_temp', op: '>', value: 1 }).expect(400);
    expect(badField.body.details).toEqual([
      { field: 'condition.field', message: expect.stringContaining("unknown field 'hardware.gpu_temp'") },
    ]);
    const badOp = await post({ any: [{ field: 'hardware.cpu_temp', op: '=~', value: 1 }] }).expect(400);
    expect(badOp.body.details).toEqual([
      { field: 'condition.any[0].op', message: expect.stringContaining("unknown operator '=~'") },
    ]);
    const badScope = await post(
      { liveness: 'offline', forSeconds: 60 },
      { scope: { kind: 'kiosk', value: 999999 } },
    ).expect(400);
    expect(badScope.body.details).toEqual([{ field: 'scope.value', message: 'unknown kiosk 999999' }]);
    await post({ field: 'hardware.cpu_temp', op: '>', value: 1 }, { severity: 'apocalyptic' }).expect(400);
    await post({ field: 'hardware.cpu_temp', op: '>', value: 1 }, { extra: true }).expect(400);

    // CRUD round trip
    const created = await post({
      event: 'payment_failed',
      method: 'card',
      count: 3,
      withinSeconds: 600,
    }).expect(201);
    expect(created.headers.location).toBe(`/api/v1/alert-rules/${created.body.id}`);
    expect(created.body).toMatchObject({ scope: { kind: 'all' }, enabled: true, forSeconds: 0 });
    const patched = await t
      .http()
      .patch(`${API}/alert-rules/${created.body.id}`)
      .set(admin.auth)
      .send({ severity: 'critical', scope: { kind: 'tag', value: 'lobby' } })
      .expect(200);
    expect(patched.body).toMatchObject({ severity: 'critical', scope: { kind: 'tag', value: 'lobby' } });
    await t
      .http()
      .patch(`${API}/alert-rules/${created.body.id}`)
      .set(admin.auth)
      .send({ condition: { event: 'payment_failed', count: 0, withinSeconds: 1 } })
      .expect(400);
    await t.http().delete(`${API}/alert-rules/${created.body.id}`).set(admin.auth).expect(204);
    await t.http().get(`${API}/alert-rules/${created.body.id}`).set(admin.auth).expect(404);
  });

  it('seeds sensible default rules', async () => {
    const res = await t
      .http()
      .get(`${API}/alert-rules?limit=200`)
      .set((await t.admin()).auth)
      .expect(200);
    const names = (res.body.items as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Cabinet temperature high',
        'CPU temperature high',
        'Disk almost full',
        'Printer needs attention',
        'Cash acceptor out of service',
        'Card reader error',
        'Kiosk offline',
      ]),
    );
  });
});
