import { Socket } from 'socket.io-client';
import type { AlertView } from '@app/contracts';
import {
  ALERT_TEST_MODULES,
  AlertFeed,
  alertsOf,
  connectAlertFeed,
  dataSourceOf,
  disableSeededRules,
} from './support/alerts';
import { emitWithAck, eventually, joinedKiosk, kioskUpdate, registerKiosk } from './support/kiosks';
import { API, startTestApp, TestApp } from './support/test-app';

/** registerKiosk puts every kiosk here. */
const SITE = { lat: -34.6, lng: -58.38 };
/** 0.011° of latitude north of the site: about 1.2 km away. */
const AWAY = { lat: -34.589, lng: -58.38 };
const FOR_SEC = 3;

type Fix = { lat: number; lng: number; accuracy?: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('location_drift alerts (CONTRACT §8)', () => {
  let t: TestApp;
  let feed: AlertFeed;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ENABLED_MODULES: ALERT_TEST_MODULES,
        LOCATION_DRIFT_METERS: '500',
        LOCATION_DRIFT_FOR_SEC: String(FOR_SEC),
        ALERT_AUTO_RESOLVE_READINGS: '2',
        // A kiosk silent here for 5 s is "cold": its drift state is rebuilt from the database.
        TELEMETRY_INTERVAL_SEC: '1',
        ALERT_ESCALATION_STEPS_SEC: '',
      },
    });
    await disableSeededRules(t);
    feed = await connectAlertFeed(t, await t.admin());
  });
  afterAll(async () => {
    feed.close();
    for (const s of sockets) s.close();
    await t.close();
  });

  /** Sends fixes as readings timestamped `secAgo` seconds before now (kiosk clock), in order; each must be stored. */
  async function report(s: Socket, fixes: [secAgo: number, fix: Fix][]): Promise<void> {
    const now = Date.now();
    for (const [secAgo, fix] of fixes) {
      const ack = await emitWithAck(
        s,
        'kiosk_update',
        kioskUpdate(undefined, { location: fix }, new Date(now - secAgo * 1000)),
      );
      expect(ack).toMatchObject({ ok: true });
    }
  }

  const driftOf = async (kioskId: number): Promise<AlertView[]> =>
    (await alertsOf(t, kioskId)).filter((a) => a.type === 'location_drift');

  /**
   * A control kiosk drifts for the whole window; once its alert is there, every batch stored before
   * it has been evaluated (batches are decided in order), so an absence elsewhere means something.
   */
  async function settled(): Promise<void> {
    const control = await registerKiosk(t);
    const s = await joinedKiosk(t, control, sockets);
    await report(s, [
      [FOR_SEC + 1, { ...AWAY, accuracy: 5 }],
      [0, { ...AWAY, accuracy: 5 }],
    ]);
    await eventually(async () => expect(await driftOf(control.id)).toHaveLength(1));
  }

  it('raises one alert once a kiosk has reported accurate fixes away for the window; more fixes add occurrences', async () => {
    const k = await registerKiosk(t);
    const s = await joinedKiosk(t, k, sockets);
    await report(s, [
      [6, { ...AWAY, accuracy: 8 }],
      [4, { ...AWAY, accuracy: 8 }], // away 2 s: not yet
    ]);
    await report(s, [[2, { ...AWAY, accuracy: 8 }]]); // away 4 s ≥ 3 s: raised
    const [raised] = await eventually(async () => {
      const list = await driftOf(k.id);
      expect(list).toHaveLength(1);
      return list;
    });
    expect(raised).toMatchObject({
      kioskId: k.id,
      ruleId: null,
      type: 'location_drift',
      status: 'open',
      muted: false,
    });
    expect(raised.title).toMatch(/^Reported 1\.2 km from its registered location \(accuracy 8 m\) for 4 s$/);

    await report(s, [
      [1, { ...AWAY, accuracy: 8 }],
      [0, { ...AWAY, accuracy: 8 }],
    ]);
    const bumped = await eventually(async () => {
      const list = await driftOf(k.id);
      expect(list).toHaveLength(1);
      expect(list[0].occurrences).toBe(3);
      return list[0];
    });
    expect(bumped.id).toBe(raised.id);
    expect(bumped.title).toMatch(/for 6 s$/);

    // Announced once, like every alert: the admin feed and the webhook outbox.
    await eventually(async () =>
      expect(feed.alerts.filter((e) => e.alert.id === raised.id).map((e) => e.event)).toEqual([
        'alert_raised',
      ]),
    );
    const outbox = await dataSourceOf(t).query(
      `SELECT event_type, payload->>'type' AS type, payload->>'id' AS id FROM outbox WHERE kiosk_id = $1`,
      [k.id],
    );
    expect(outbox).toEqual([{ event_type: 'alert.raised', type: 'location_drift', id: raised.id }]);
    // The REST filter by type knows it.
    const admin = await t.admin();
    const byType = await t
      .http()
      .get(`${API}/alerts?type=location_drift&kioskId=${k.id}`)
      .set(admin.auth)
      .expect(200);
    expect(byType.body.items.map((a: AlertView) => a.id)).toEqual([raised.id]);
  });

  it('ignores fixes with accuracy worse than 100 m, and raises nothing for excursions shorter than the window', async () => {
    const vague = await registerKiosk(t);
    const tripper = await registerKiosk(t);
    const sv = await joinedKiosk(t, vague, sockets);
    const st = await joinedKiosk(t, tripper, sockets);
    await report(sv, [
      [10, { ...AWAY, accuracy: 100.5 }],
      [6, { ...AWAY, accuracy: 250 }],
      [2, { ...AWAY, accuracy: 5000 }],
      [0, { ...AWAY }], // no accuracy at all says nothing either
    ]);
    await report(st, [
      [12, { ...AWAY, accuracy: 5 }],
      [10, { ...AWAY, accuracy: 5 }], // away 2 s
      [9, { ...SITE, accuracy: 5 }], // back: the run ends
      [8, { ...AWAY, accuracy: 5 }],
      [6, { ...AWAY, accuracy: 5 }], // away 2 s again
      [5, { ...SITE, accuracy: 5 }],
      [4, { ...SITE, accuracy: 150 }], // an inaccurate fix neither starts nor extends a run
      [2, { ...AWAY, accuracy: 5 }],
      [0, { ...AWAY, accuracy: 5 }], // away 2 s
    ]);
    await settled();
    expect(await driftOf(vague.id)).toEqual([]);
    expect(await driftOf(tripper.id)).toEqual([]);
  });

  it('resolves after ALERT_AUTO_RESOLVE_READINGS accurate fixes back inside in a row; a fix away again restarts the count', async () => {
    const k = await registerKiosk(t);
    const s = await joinedKiosk(t, k, sockets);
    await report(s, [
      [20, { ...AWAY, accuracy: 5 }],
      [16, { ...AWAY, accuracy: 5 }],
    ]);
    const [raised] = await eventually(async () => {
      const list = await driftOf(k.id);
      expect(list).toHaveLength(1);
      return list;
    });
    await report(s, [
      [14, { ...SITE, accuracy: 5 }], // one fix inside: still open
      [12, { ...AWAY, accuracy: 5 }], // away again: an occurrence of the same alert
      [10, { ...SITE, accuracy: 5 }],
    ]);
    await eventually(async () => expect((await driftOf(k.id))[0].occurrences).toBe(2));
    await settled();
    expect(await driftOf(k.id)).toMatchObject([{ id: raised.id, status: 'open' }]);

    await report(s, [[8, { ...SITE, accuracy: 5 }]]); // the second in a row
    const resolved = await eventually(async () => {
      const [a] = await driftOf(k.id);
      expect(a.status).toBe('resolved');
      return a;
    });
    expect(resolved).toMatchObject({ id: raised.id, resolvedBy: null });
    expect(resolved.resolvedAt).toEqual(expect.any(String));
    await eventually(async () =>
      expect(
        feed.alerts.filter((e) => e.alert.id === raised.id).map((e) => [e.event, e.alert.status]),
      ).toEqual([
        ['alert_raised', 'open'],
        ['alert_updated', 'resolved'],
      ]),
    );
    const [{ reason }] = await dataSourceOf(t).query(
      `SELECT resolved_reason AS reason FROM alerts WHERE id = $1`,
      [raised.id],
    );
    expect(reason).toBe('back_in_radius');

    // Drifting again later is a new alert (the old one stays resolved).
    await report(s, [
      [6, { ...AWAY, accuracy: 5 }],
      [0, { ...AWAY, accuracy: 5 }],
    ]);
    await eventually(async () => {
      const list = await driftOf(k.id);
      expect(list.map((a) => a.status).sort()).toEqual(['open', 'resolved']);
    });
  });

  it('measures against the registered location as an admin edits it (the cached site is dropped at once)', async () => {
    const k = await registerKiosk(t);
    const s = await joinedKiosk(t, k, sockets);
    await report(s, [
      [8, { ...AWAY, accuracy: 5 }],
      [4, { ...AWAY, accuracy: 5 }],
    ]);
    await eventually(async () => expect(await driftOf(k.id)).toHaveLength(1));
    // The kiosk was moved on purpose: its new site is where it reports from.
    const admin = await t.admin();
    await t
      .http()
      .patch(`${API}/kiosks/${k.id}`)
      .set(admin.auth)
      .send({ location: { lat: AWAY.lat, lng: AWAY.lng } })
      .expect(200);
    await report(s, [
      [2, { ...AWAY, accuracy: 5 }],
      [0, { ...AWAY, accuracy: 5 }],
    ]);
    await eventually(async () => expect((await driftOf(k.id))[0].status).toBe('resolved'));
  });

  it("rebuilds a kiosk's state from the database after silence: stored fixes continue a run, an open alert still resolves", async () => {
    const k = await registerKiosk(t);
    const s = await joinedKiosk(t, k, sockets);
    const open = await registerKiosk(t);
    const so = await joinedKiosk(t, open, sockets);
    const runStart = Date.now();
    await report(s, [[0, { ...AWAY, accuracy: 5 }]]); // a run starts…
    await report(so, [
      [20, { ...AWAY, accuracy: 5 }],
      [16, { ...AWAY, accuracy: 5 }],
    ]);
    const [raised] = await eventually(async () => {
      const list = await driftOf(open.id);
      expect(list).toHaveLength(1);
      return list;
    });
    await sleep(5500); // both go cold here: their next batches rebuild from what is stored
    // …and continues 3.5 s later by the kiosk's clock: only the replayed first fix makes it a whole window.
    await report(s, [[(Date.now() - runStart - 3500) / 1000, { ...AWAY, accuracy: 5 }]]);
    await eventually(async () => expect(await driftOf(k.id)).toMatchObject([{ status: 'open' }]));
    // The open alert is read back as firing: fixes back inside resolve it.
    await report(so, [
      [2, { ...SITE, accuracy: 5 }],
      [0, { ...SITE, accuracy: 5 }],
    ]);
    await eventually(async () =>
      expect(await driftOf(open.id)).toMatchObject([{ id: raised.id, status: 'resolved' }]),
    );
  });

  it('is muted during a maintenance window on the kiosk: stored, never announced', async () => {
    const k = await registerKiosk(t);
    const s = await joinedKiosk(t, k, sockets);
    const admin = await t.admin();
    const now = Date.now();
    await t
      .http()
      .post(`${API}/maintenance-windows`)
      .set(admin.auth)
      .send({
        scope: { kind: 'kiosk', value: k.id },
        startsAt: new Date(now - 1000).toISOString(),
        endsAt: new Date(now + 60_000).toISOString(),
        reason: 'moving the kiosk to the new mall',
      })
      .expect(201);
    await report(s, [
      [6, { ...AWAY, accuracy: 5 }],
      [0, { ...AWAY, accuracy: 5 }],
    ]);
    const [muted] = await eventually(async () => {
      const list = await driftOf(k.id);
      expect(list).toHaveLength(1);
      return list;
    });
    expect(muted).toMatchObject({ type: 'location_drift', muted: true, status: 'open' });
    await settled();
    expect(feed.alerts.filter((e) => e.alert.kioskId === k.id)).toEqual([]);
    const outbox = await dataSourceOf(t).query(`SELECT count(*)::int AS n FROM outbox WHERE kiosk_id = $1`, [
      k.id,
    ]);
    expect(outbox[0].n).toBe(0);
  });

  it('hostile: coordinates at the range limits are stored and measured without throwing', async () => {
    const admin = await t.admin();
    // A kiosk registered at the south pole on the antimeridian, reporting from the same point written
    // the other way round: no drift.
    const pole = await registerKiosk(t);
    await t
      .http()
      .patch(`${API}/kiosks/${pole.id}`)
      .set(admin.auth)
      .send({ location: { lat: -90, lng: 180 } })
      .expect(200);
    const sp = await joinedKiosk(t, pole, sockets);
    await report(sp, [
      [8, { lat: -90, lng: -180, accuracy: 0 }],
      [4, { lat: -90, lng: 0, accuracy: 100 }],
      [0, { lat: -89.9999, lng: -180, accuracy: 0 }], // 11 m away
    ]);
    // The Buenos Aires kiosk reporting from the north pole and the antimeridian: far, and said so.
    const k = await registerKiosk(t);
    const s = await joinedKiosk(t, k, sockets);
    await report(s, [
      [9, { lat: 90, lng: 180, accuracy: 0 }],
      [6, { lat: -90, lng: -180, accuracy: 0 }],
      [3, { lat: 0, lng: -180, accuracy: 0 }],
      [0, { lat: 90, lng: -180, accuracy: 0 }],
    ]);
    const [far] = await eventually(async () => {
      const list = await driftOf(k.id);
      expect(list).toHaveLength(1);
      return list;
    });
    expect(far.title).toMatch(/^Reported \d+ km from its registered location \(accuracy 0 m\) for \d+ s$/);
    const km = Number(/Reported (\d+) km/.exec(far.title)?.[1]);
    // The title names the fix that completed the window, and which one that is depends on how the
    // readings fell into batches; each is measured exactly (great-circle km from Buenos Aires): the
    // north pole either way round 13,855, the south pole 6,160, the equator on the antimeridian 12,850.
    expect([13_855, 6_160, 12_850].some((d) => Math.abs(km - d) <= 1)).toBe(true);
    await settled();
    expect(await driftOf(pole.id)).toEqual([]);
    // Out of range is refused at the wire, as before (not stored, not measured).
    const bad = await emitWithAck(
      s,
      'kiosk_update',
      kioskUpdate(undefined, { location: { lat: 90.0001, lng: 0, accuracy: 1 } }),
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});
