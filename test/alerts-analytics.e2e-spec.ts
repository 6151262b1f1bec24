import { Role } from '@app/contracts';
import { ALERT_TEST_MODULES, createRule, dataSourceOf, disableSeededRules } from './support/alerts';
import { registerKiosk } from './support/kiosks';
import { API, startTestApp, TestApp } from './support/test-app';

interface Sample {
  kioskId: number;
  at: Date;
  cpuTemp: number;
}

/** Stores readings as the telemetry writer would (the table is the backtest's only input). */
async function seedTelemetry(t: TestApp, samples: Sample[]): Promise<void> {
  for (const s of samples) {
    await dataSourceOf(t).query(
      `INSERT INTO telemetry (kiosk_id, ts, received_at, seq, temperature, humidity, air_quality, cpu_temp,
                              cpu_usage, ram_usage, disk_usage, printer_status, cash_acceptor, card_reader,
                              lat, lng, accuracy, latency, signal_strength)
       VALUES ($1, $2, $2, NULL, 24.1, 51, 37.5, $3, 41, 63.2, 71.9, 'ready', 'ready', 'ready', -34.6, -58.4, 4.2, 80, -61)`,
      [s.kioskId, s.at, s.cpuTemp],
    );
  }
}

describe('alert analytics: backtests on stored telemetry, response-time statistics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { ENABLED_MODULES: ALERT_TEST_MODULES, ALERT_AUTO_RESOLVE_READINGS: '3' },
    });
    await disableSeededRules(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('replays stored telemetry through a rule and says what it would have raised, raising nothing', async () => {
    const admin = await t.admin();
    const a = await registerKiosk(t, { tags: ['bt'] });
    const b = await registerKiosk(t, { tags: ['bt'] });
    const outside = await registerKiosk(t, { tags: ['other'] });
    const t0 = new Date(Date.now() - 3600_000);
    t0.setUTCSeconds(0, 0);
    const at = (sec: number) => new Date(t0.getTime() + sec * 1000);
    const samples: Sample[] = [];
    // every 10 s for 10 min; kiosk a: hot 120-240 s (long enough), 360-390 s (too short), 480-600 s
    for (let sec = 0; sec < 600; sec += 10) {
      const hot = (sec >= 120 && sec <= 240) || (sec >= 360 && sec <= 390) || sec >= 480;
      samples.push({ kioskId: a.id, at: at(sec), cpuTemp: hot ? 90.5 : 60 });
      samples.push({ kioskId: b.id, at: at(sec), cpuTemp: 60 });
      samples.push({ kioskId: outside.id, at: at(sec), cpuTemp: 99 });
    }
    await seedTelemetry(t, samples);
    const ruleId = await createRule(t, {
      name: 'CPU hot for a minute (backtest)',
      scope: { kind: 'tag', value: 'bt' },
      condition: { field: 'hardware.cpu_temp', op: '>', value: 85 },
      forSeconds: 60,
    });
    const res = await t
      .http()
      .post(`${API}/alert-rules/${ruleId}/backtest`)
      .set(admin.auth)
      .send({ from: at(-1).toISOString(), to: at(600).toISOString() })
      .expect(200);
    expect(res.body).toEqual({
      wouldRaise: 2,
      kiosks: [{ kioskId: a.id, count: 2, firstAt: at(180).toISOString() }],
    });
    // A range that ends before the second episode's minute is up sees only the first.
    const partial = await t
      .http()
      .post(`${API}/alert-rules/${ruleId}/backtest`)
      .set(admin.auth)
      .send({ from: at(0).toISOString(), to: at(535).toISOString() })
      .expect(200);
    expect(partial.body.wouldRaise).toBe(1);
    const raised = await dataSourceOf(t).query(
      `SELECT count(*)::int AS n FROM alerts WHERE kiosk_id = ANY ($1)`,
      [[a.id, b.id, outside.id]],
    );
    expect(raised[0].n).toBe(0);

    await t
      .http()
      .post(`${API}/alert-rules/${ruleId}/backtest`)
      .set(admin.auth)
      .send({ from: at(10).toISOString(), to: at(0).toISOString() })
      .expect(400);
    const liveness = await createRule(t, {
      name: 'Offline (bt)',
      condition: { liveness: 'offline', forSeconds: 0 },
    });
    await t
      .http()
      .post(`${API}/alert-rules/${liveness}/backtest`)
      .set(admin.auth)
      .send({ from: at(0).toISOString(), to: at(600).toISOString() })
      .expect(422);
    const op = await t.userWithRole(Role.Operator);
    await t
      .http()
      .post(`${API}/alert-rules/${ruleId}/backtest`)
      .set(op.auth)
      .send({ from: at(0).toISOString(), to: at(600).toISOString() })
      .expect(403);
  });

  it('computes counts, MTTA/MTTR and their p90 per type, kiosk, tag and severity, in the caller’s scope', async () => {
    const admin = await t.admin();
    const k1 = await registerKiosk(t, { tags: ['north', 'lobby'] });
    const k2 = await registerKiosk(t, { tags: [] });
    const base = new Date(Date.now() - 7200_000);
    const seed = async (
      kioskId: number,
      type: string,
      severity: string,
      i: number,
      tta: number | null,
      ttr: number | null,
    ) =>
      dataSourceOf(t).query(
        `INSERT INTO alerts (kiosk_id, dedup_key, type, severity, status, title, first_seen_at, last_seen_at,
                             acknowledged_at, resolved_at)
         VALUES ($1, $2, $3, $4, $5, 'seeded', $6, $6, $6::timestamptz + make_interval(secs => $7),
                 $6::timestamptz + make_interval(secs => $8))`,
        [
          kioskId,
          `seed:${type}:${i}`,
          type,
          severity,
          ttr !== null ? 'resolved' : tta !== null ? 'acknowledged' : 'open',
          new Date(base.getTime() + i * 1000),
          tta,
          ttr,
        ],
      );
    // ten threshold alerts on k1, acknowledged after 10…100 s and resolved after 20…200 s
    for (let i = 1; i <= 10; i++) await seed(k1.id, 'threshold', 'major', i, 10 * i, 20 * i);
    // two rate alerts on k2, never acknowledged
    await seed(k2.id, 'rate', 'warning', 11, null, null);
    await seed(k2.id, 'rate', 'warning', 12, null, null);
    // outside the range
    await seed(k1.id, 'threshold', 'major', -4000, 1, 1);

    const stats = (groupBy: string, session = admin) =>
      t
        .http()
        .get(`${API}/alerts/stats`)
        .query({ from: base.toISOString(), to: new Date(base.getTime() + 3600_000).toISOString(), groupBy })
        .set(session.auth)
        .expect(200)
        .then((r) => r.body.groups as Record<string, unknown>[]);

    expect(await stats('type')).toEqual([
      { key: 'threshold', count: 10, mttaSec: 55, mttrSec: 110, p90TtaSec: 91, p90TtrSec: 182 },
      { key: 'rate', count: 2, mttaSec: null, mttrSec: null, p90TtaSec: null, p90TtrSec: null },
    ]);
    expect(await stats('kiosk')).toEqual([
      expect.objectContaining({ key: String(k1.id), count: 10 }),
      expect.objectContaining({ key: String(k2.id), count: 2 }),
    ]);
    expect(await stats('tag')).toEqual([
      expect.objectContaining({ key: 'lobby', count: 10, mttaSec: 55 }),
      expect.objectContaining({ key: 'north', count: 10 }),
      expect.objectContaining({ key: '(untagged)', count: 2 }),
    ]);
    expect((await stats('severity')).map((g) => [g.key, g.count])).toEqual([
      ['major', 10],
      ['warning', 2],
    ]);

    const op = await t.userWithRole(Role.Operator);
    await t.http().post(`${API}/kiosks/assign`).set(op.auth).send({ code: k2.code }).expect(200);
    expect(await stats('type', op)).toEqual([
      { key: 'rate', count: 2, mttaSec: null, mttrSec: null, p90TtaSec: null, p90TtrSec: null },
    ]);
    await t.http().get(`${API}/alerts/stats?from=x&to=y`).set(admin.auth).expect(400);
    await t
      .http()
      .get(`${API}/alerts/stats`)
      .query({ from: base.toISOString(), to: base.toISOString(), groupBy: 'weather' })
      .set(admin.auth)
      .expect(400);
  });
});
