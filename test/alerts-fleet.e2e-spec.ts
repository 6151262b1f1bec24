import { EventBus } from '@nestjs/cqrs';
import { Socket } from 'socket.io-client';
import {
  AlertView,
  AnomalyDetectedEvent,
  CashMismatchDetectedEvent,
  PaymentRecordedEvent,
  PaymentView,
  Role,
} from '@app/contracts';
import {
  ALERT_TEST_MODULES,
  alertsOf,
  connectAlertFeed,
  createRule,
  dataSourceOf,
  disableSeededRules,
} from './support/alerts';
import {
  emitWithAck,
  eventually,
  joinedKiosk,
  kioskUpdate,
  RegisteredKiosk,
  registerKiosk,
} from './support/kiosks';
import { API, startTestApp, TestApp } from './support/test-app';

const hot = (seq: number) =>
  kioskUpdate(seq, { environmental: { temperature: 80, humidity: 51.0, air_quality: 37.5 } });

describe('alerts of a fleet: liveness, site incidents, maintenance windows, rates, anomalies, cash', () => {
  let t: TestApp;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ENABLED_MODULES: ALERT_TEST_MODULES,
        TELEMETRY_INTERVAL_SEC: '1',
        ALERT_SITE_INCIDENT_MIN_KIOSKS: '3',
        ALERT_SITE_INCIDENT_WINDOW_SEC: '60',
        ALERT_ESCALATION_STEPS_SEC: '',
      },
    });
    await disableSeededRules(t);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  it('groups kiosks of one site going offline together into one incident, and resolves it when they return', async () => {
    const tag = 'station-incident';
    await createRule(t, {
      name: 'Offline (incident)',
      severity: 'major',
      scope: { kind: 'tag', value: tag },
      condition: { liveness: 'offline', forSeconds: 0 },
    });
    const kiosks: RegisteredKiosk[] = [];
    for (let i = 0; i < 4; i++) kiosks.push(await registerKiosk(t, { tags: [tag] }));
    const elsewhere = await registerKiosk(t, { tags: ['elsewhere'] });
    const socketsOf = new Map<number, Socket>();
    for (const k of [...kiosks, elsewhere]) socketsOf.set(k.id, await joinedKiosk(t, k, sockets));
    const admin = await t.admin();
    const feed = await connectAlertFeed(t, admin);

    const down = kiosks.slice(0, 3);
    for (const k of [...down, elsewhere]) socketsOf.get(k.id)?.close();
    const incident = await eventually(async () => {
      const res = await t.http().get(`${API}/alerts?type=site_incident`).set(admin.auth).expect(200);
      expect(res.body.items).toHaveLength(1);
      return res.body.items[0] as AlertView;
    });
    expect(incident).toMatchObject({
      kioskId: null,
      type: 'site_incident',
      severity: 'critical',
      status: 'open',
    });
    expect(incident.title).toContain(tag);
    await eventually(async () => {
      for (const k of down) {
        const [offline] = await alertsOf(t, k.id);
        expect(offline).toMatchObject({ type: 'liveness', status: 'open', incidentId: incident.id });
      }
    });
    const grouped = await t.http().get(`${API}/alerts?incidentId=${incident.id}`).set(admin.auth).expect(200);
    expect(grouped.body.items.map((a: AlertView) => a.kioskId).sort()).toEqual(down.map((k) => k.id).sort());
    expect(await alertsOf(t, elsewhere.id)).toEqual([]); // not in the rule's scope
    await eventually(async () =>
      expect(
        feed.alerts.filter((e) => e.event === 'alert_raised' && e.alert.type === 'site_incident'),
      ).toHaveLength(1),
    );

    // An operator who owns one of the kiosks sees the incident; another operator does not.
    const op = await t.userWithRole(Role.Operator);
    const other = await t.userWithRole(Role.Operator);
    await t.http().post(`${API}/kiosks/assign`).set(op.auth).send({ code: down[0].code }).expect(200);
    await t.http().get(`${API}/alerts/${incident.id}`).set(op.auth).expect(200);
    await t.http().get(`${API}/alerts/${incident.id}`).set(other.auth).expect(404);

    for (const k of down) await joinedKiosk(t, k, sockets);
    await eventually(async () => {
      for (const k of down) expect((await alertsOf(t, k.id))[0].status).toBe('resolved');
      const res = await t.http().get(`${API}/alerts/${incident.id}`).set(admin.auth).expect(200);
      expect(res.body.status).toBe('resolved');
    }, 10_000);
    feed.close();
  });

  it('raises liveness alerts: stale at once, offline only after its duration (the sweep), resolved on return', async () => {
    const tag = 'liveness-only';
    await createRule(t, {
      name: 'Silent',
      severity: 'warning',
      scope: { kind: 'tag', value: tag },
      condition: { liveness: 'stale', forSeconds: 0 },
    });
    await createRule(t, {
      name: 'Offline for 2 s',
      scope: { kind: 'tag', value: tag },
      condition: { liveness: 'offline', forSeconds: 2 },
    });
    const k = await registerKiosk(t, { tags: [tag] });
    const s = await joinedKiosk(t, k, sockets);
    // no readings: stale after 3 × 1 s
    const [silent] = await eventually(async () => {
      const list = await alertsOf(t, k.id);
      expect(list.map((a) => [a.title, a.status])).toEqual([['Silent', 'open']]);
      return list;
    }, 8000);
    expect(silent.type).toBe('liveness');
    s.close();
    const wentOffline = Date.now();
    await eventually(async () => {
      const titles = (await alertsOf(t, k.id)).filter((a) => a.status === 'open').map((a) => a.title);
      expect(titles.sort()).toEqual(['Offline for 2 s', 'Silent']);
    }, 8000);
    expect(Date.now() - wentOffline).toBeGreaterThanOrEqual(1500);
    const back = await joinedKiosk(t, k, sockets);
    await emitWithAck(back, 'kiosk_update', kioskUpdate(1));
    await eventually(async () => {
      const list = await alertsOf(t, k.id);
      expect(list.map((a) => a.status)).toEqual(['resolved', 'resolved']);
    }, 8000);
  });

  it('records alerts during a maintenance window muted and silent, and announces those still open when it ends', async () => {
    const admin = await t.admin();
    const k = await registerKiosk(t, { tags: ['maint-a'] });
    const k2 = await registerKiosk(t, { tags: ['maint-b'] });
    const s = await joinedKiosk(t, k, sockets);
    const s2 = await joinedKiosk(t, k2, sockets);
    for (const [kiosk, name] of [
      [k, 'Hot (maintenance, kiosk)'],
      [k2, 'Hot (maintenance, tag)'],
    ] as const) {
      await createRule(t, {
        name,
        scope: { kind: 'kiosk', value: kiosk.id },
        condition: { field: 'environmental.temperature', op: '>', value: 60 },
      });
    }
    const now = Date.now();
    const op = await t.userWithRole(Role.Operator);
    await t.http().post(`${API}/kiosks/assign`).set(op.auth).send({ code: k.code }).expect(200);
    const w = await t
      .http()
      .post(`${API}/maintenance-windows`)
      .set(op.auth)
      .send({
        scope: { kind: 'kiosk', value: k.id },
        startsAt: new Date(now - 1000).toISOString(),
        endsAt: new Date(now + 2500).toISOString(),
        reason: 'replacing the fan',
      })
      .expect(201);
    expect(w.body).toMatchObject({
      scope: { kind: 'kiosk', value: k.id },
      reason: 'replacing the fan',
      createdBy: op.user.id,
    });
    // operators may not mute a whole tag; admins may
    const tagWindow = {
      scope: { kind: 'tag', value: 'maint-b' },
      startsAt: new Date(now - 1000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      reason: 'site works',
    };
    await t.http().post(`${API}/maintenance-windows`).set(op.auth).send(tagWindow).expect(403);
    const w2 = await t.http().post(`${API}/maintenance-windows`).set(admin.auth).send(tagWindow).expect(201);
    const listed = await t.http().get(`${API}/maintenance-windows?active=true`).set(op.auth).expect(200);
    expect(listed.body.items.map((x: { id: string }) => x.id)).toEqual([w.body.id]);

    const feed = await connectAlertFeed(t, admin);
    await emitWithAck(s, 'kiosk_update', hot(1));
    await emitWithAck(s2, 'kiosk_update', hot(1));
    const [muted] = await eventually(async () => {
      const list = await alertsOf(t, k.id);
      expect(list).toHaveLength(1);
      return list;
    });
    expect(muted).toMatchObject({ muted: true, status: 'open' });
    await eventually(async () => expect((await alertsOf(t, k2.id))[0]).toMatchObject({ muted: true }));
    const silentOutbox = await dataSourceOf(t).query(
      `SELECT count(*)::int AS n FROM outbox WHERE kiosk_id = ANY ($1)`,
      [[k.id, k2.id]],
    );
    expect(silentOutbox[0].n).toBe(0);

    // The kiosk window runs out: its open alert is un-muted and announced (feed + outbox).
    await eventually(async () => expect((await alertsOf(t, k.id))[0].muted).toBe(false), 8000);
    await eventually(async () => {
      const updates = feed.alerts.filter((e) => e.alert.id === muted.id);
      expect(updates.map((e) => [e.event, e.alert.muted])).toEqual([['alert_updated', false]]);
    });
    const announced = await dataSourceOf(t).query(
      `SELECT event_type, payload->>'change' AS change FROM outbox WHERE kiosk_id = $1`,
      [k.id],
    );
    expect(announced).toEqual([{ event_type: 'alert.updated', change: 'unmuted' }]);
    // The tag window is still on; ending it early announces the other alert.
    expect((await alertsOf(t, k2.id))[0].muted).toBe(true);
    await t.http().delete(`${API}/maintenance-windows/${w2.body.id}`).set(op.auth).expect(404);
    await t.http().delete(`${API}/maintenance-windows/${w2.body.id}`).set(admin.auth).expect(204);
    await eventually(async () => expect((await alertsOf(t, k2.id))[0].muted).toBe(false));
    feed.close();
  });

  it('raises a rate alert on the third failed card payment within the window', async () => {
    const k = await registerKiosk(t);
    await createRule(t, {
      name: 'Card payments failing',
      severity: 'major',
      scope: { kind: 'kiosk', value: k.id },
      condition: { event: 'payment_failed', method: 'card', count: 3, withinSeconds: 600 },
    });
    const bus = t.app.get(EventBus);
    const payment = (
      n: number,
      method: PaymentView['method'],
      status: PaymentView['status'],
    ): PaymentView => ({
      id: `00000000-0000-4000-8000-00000000000${n}`,
      kioskId: k.id,
      transactionId: `tx-${n}`,
      amount: '1.00',
      amountMinor: 100,
      currency: 'USD',
      method,
      status,
      refundedAmount: '0.00',
      occurredAt: new Date().toISOString(),
      createdAt: new Date().toISOString(),
    });
    bus.publish(new PaymentRecordedEvent(payment(1, 'card', 'failed')));
    bus.publish(new PaymentRecordedEvent(payment(2, 'cash', 'failed'))); // another method
    bus.publish(new PaymentRecordedEvent(payment(3, 'card', 'completed'))); // not a failure
    bus.publish(new PaymentRecordedEvent(payment(4, 'card', 'failed')));
    await new Promise((r) => setTimeout(r, 500));
    expect(await alertsOf(t, k.id)).toEqual([]);
    bus.publish(new PaymentRecordedEvent(payment(5, 'card', 'failed')));
    await eventually(async () => {
      const list = await alertsOf(t, k.id);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ type: 'rate', title: 'Card payments failing', status: 'open' });
    });
  });

  it('opens ai_anomaly alerts carrying the explanation, and cash_mismatch alerts, one per problem', async () => {
    const k = await registerKiosk(t);
    const bus = t.app.get(EventBus);
    const explanation = [
      {
        feature: 'cpu_temp',
        value: 97.5,
        contribution: 0.61,
        text: 'CPU temperature 97.5 is far above usual',
      },
      { feature: 'latency', value: 900, contribution: 0.2, text: 'network latency 900 ms is high' },
    ];
    const anomaly = (score: number) =>
      new AnomalyDetectedEvent({
        kioskId: k.id,
        readingAt: new Date(),
        score,
        threshold: 0.8,
        modelVersion: 'v1',
        explanation,
      });
    bus.publish(anomaly(0.93));
    await eventually(async () => expect(await alertsOf(t, k.id)).toHaveLength(1));
    bus.publish(anomaly(0.95));
    const [ai] = await eventually(async () => {
      const list = await alertsOf(t, k.id);
      expect(list[0].occurrences).toBe(2);
      return list;
    });
    expect(ai).toMatchObject({ type: 'ai_anomaly', ruleId: null, explanation });
    expect(ai.title).toContain('0.950');

    const mismatch = new CashMismatchDetectedEvent({
      kioskId: k.id,
      businessDate: '2026-11-25',
      currency: 'USD',
      method: 'cash',
      reportedMinor: 12500,
      recordedMinor: 10000,
      reportedCount: 5,
      recordedCount: 4,
    });
    bus.publish(mismatch);
    bus.publish(mismatch);
    await eventually(async () => {
      const cash = (await alertsOf(t, k.id)).filter((a) => a.type === 'cash_mismatch');
      expect(cash).toHaveLength(1);
      expect(cash[0]).toMatchObject({ occurrences: 2, severity: 'major' });
      expect(cash[0].title).toContain('2026-11-25');
    });
  });
});
