/** @jest-environment ./ml/testing/onnxruntime-environment.js */
import { readFileSync } from 'node:fs';
import { Socket } from 'socket.io-client';
import { Role } from '@app/contracts';
import { alertsOf, dataSourceOf, disableSeededRules } from './support/alerts';
import { connectKiosk, emitWithAck, eventually, kioskUpdate, registerKiosk } from './support/kiosks';
import { API, startTestApp, TestApp } from './support/test-app';

/**
 * The anomaly model served by the real app: the committed baseline registered on first start, one
 * onnxruntime session, every stored reading scored, `ai_anomaly` alerts with explanations.
 */
const baselineCard = JSON.parse(readFileSync('ml/models/anomaly-baseline.card.json', 'utf8')) as {
  version: string;
  threshold: number;
  featureSpec: { hash: string };
};

const hot = {
  environmental: { temperature: 58, humidity: 5, air_quality: 40 },
  hardware: { cpu_temp: 112, cpu_usage: 35, ram_usage: 99.5, disk_usage: 100 },
  network: { latency: 90, signal_strength: -62 },
};

describe('AI anomaly scoring', () => {
  let t: TestApp;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { ENABLED_MODULES: 'kiosk,telemetry,alert,ai' } });
    await disableSeededRules(t);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  it('starts with the committed baseline as the active model', async () => {
    const viewer = await t.userWithRole(Role.Viewer);
    const res = await t.http().get(`${API}/ai/models`).set(viewer.auth).expect(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items).toHaveLength(1);
    const model = res.body.items[0];
    expect(model).toMatchObject({
      version: baselineCard.version,
      status: 'active',
      algorithm: 'gradient_boosted_trees',
      featureSpecHash: baselineCard.featureSpec.hash,
      createdBy: 'baseline',
    });
    expect(model.threshold).toBeCloseTo(baselineCard.threshold, 5);
    expect(model.metrics.f1).toBeGreaterThan(0.9);
  });

  it('POST /ai/score: a healthy reading is normal, a burning one is an anomaly with readable reasons', async () => {
    const op = await t.userWithRole(Role.Operator);
    const normal = await t.http().post(`${API}/ai/score`).set(op.auth).send(kioskUpdate(1)).expect(200);
    expect(normal.body.isAnomaly).toBe(false);
    expect(normal.body.score).toBeLessThan(baselineCard.threshold);
    expect(normal.body.modelVersion).toBe(baselineCard.version);

    const bad = await t.http().post(`${API}/ai/score`).set(op.auth).send(kioskUpdate(2, hot)).expect(200);
    expect(bad.body.isAnomaly).toBe(true);
    expect(bad.body.score).toBeGreaterThan(0.9);
    expect(bad.body.explanation.length).toBeGreaterThan(0);
    for (const term of bad.body.explanation) {
      expect(term.contribution).toBeGreaterThan(0);
      expect(term.text).toContain(term.feature);
    }
    const fields = bad.body.explanation.map((e: { feature: string }) => e.feature);
    expect(
      fields.some((f: string) => ['cpu_temp', 'disk_usage', 'ram_usage', 'temperature'].includes(f)),
    ).toBe(true);
  });

  it('POST /ai/score validates the payload and hides kiosks the caller may not see', async () => {
    const op = await t.userWithRole(Role.Operator);
    const bad = await t
      .http()
      .post(`${API}/ai/score`)
      .set(op.auth)
      .send(kioskUpdate(1, { hardware: { cpu_temp: 'hot', cpu_usage: 1, ram_usage: 1, disk_usage: 1 } }))
      .expect(400);
    expect(bad.body.details.some((d: { field: string }) => d.field.includes('cpu_temp'))).toBe(true);
    const other = await registerKiosk(t);
    await t
      .http()
      .post(`${API}/ai/score`)
      .set(op.auth)
      .send({ ...kioskUpdate(1), kiosk_id: other.id })
      .expect(404);
    await t.http().post(`${API}/ai/score`).send(kioskUpdate(1)).expect(401);
  });

  it('scores every stored reading, and a persistent anomaly opens one ai_anomaly alert with an explanation', async () => {
    const k = await registerKiosk(t);
    const socket = await connectKiosk(t, k);
    sockets.push(socket);
    await emitWithAck(socket, 'kiosk_join', {});
    const start = Date.now() - 60 * 60_000;
    let seq = 0;
    // An hour of healthy readings a minute apart, then five minutes of a burning kiosk.
    for (let m = 0; m < 60; m++) {
      const ack = await emitWithAck(
        socket,
        'kiosk_update',
        kioskUpdate(++seq, {}, new Date(start + m * 60_000)),
      );
      expect(ack).toEqual({ ok: true });
    }
    for (let m = 60; m < 65; m++) {
      await emitWithAck(socket, 'kiosk_update', kioskUpdate(++seq, hot, new Date(start + m * 60_000)));
    }
    const ds = dataSourceOf(t);
    const rows = await eventually(async () => {
      const r: { seq: string; anomaly_score: number | null }[] = await ds.query(
        `SELECT seq, anomaly_score FROM telemetry WHERE kiosk_id = $1 ORDER BY seq::int`,
        [k.id],
      );
      expect(r).toHaveLength(65);
      expect(r.every((x) => x.anomaly_score !== null)).toBe(true);
      return r;
    });
    const healthy = rows.slice(0, 60).map((r) => r.anomaly_score as number);
    const burning = rows.slice(60).map((r) => r.anomaly_score as number);
    expect(Math.max(...healthy)).toBeLessThan(baselineCard.threshold);
    expect(Math.min(...burning)).toBeGreaterThan(baselineCard.threshold);

    const alerts = await eventually(async () => {
      const list = (await alertsOf(t, k.id)).filter((a) => a.type === 'ai_anomaly');
      expect(list).toHaveLength(1);
      return list;
    });
    expect(alerts[0].status).toBe('open');
    expect(alerts[0].explanation?.length).toBeGreaterThan(0);
    expect(alerts[0].explanation?.[0].text).toMatch(/σ|°C|%/);
  });

  it('POST /ai/datasets keeps the valid rows of a labelled CSV and reports the bad ones by line', async () => {
    const op = await t.userWithRole(Role.Operator);
    const header =
      'timestamp,serial,temperature,humidity,air_quality,cpu_temp,cpu_usage,ram_usage,disk_usage,' +
      'printer_status,cash_acceptor,card_reader,latency,signal_strength,label';
    const csv = [
      header,
      '2026-11-25T10:00:00Z,K1,24,50,30,55,40,60,70,ready,ready,ready,80,-60,normal',
      '2026-11-25T10:01:00Z,K1,24,50,30,95,40,60,70,ready,ready,ready,80,-60,fan_failure',
      '2026-11-25T10:02:00Z,K1,24,50,30,hot,40,60,70,ready,ready,ready,80,-60,normal',
      '2026-11-25T10:03:00Z,K1,24,50,30,55,40,60,70,ready,ready,ready,80,-60,1',
      '2026-11-25T10:04:00Z,K1,24,50,30,55,40,60,170,ready,ready,ready,80,-60,0',
    ].join('\n');
    const res = await t
      .http()
      .post(`${API}/ai/datasets`)
      .set(op.auth)
      .attach('file', Buffer.from(csv), 'labels.csv')
      .expect(201);
    expect(res.body).toMatchObject({ accepted: 3, rejected: 2 });
    expect(res.body.errors).toEqual([
      { row: 4, message: 'cpu_temp must be a number' },
      { row: 6, message: 'disk_usage 170 is outside 0…100' },
    ]);
    const [stored] = await dataSourceOf(t).query(
      `SELECT accepted, rejected, csv FROM ai_datasets WHERE id = $1`,
      [res.body.id],
    );
    expect(stored.accepted).toBe(3);
    expect(stored.csv.trim().split('\n')).toHaveLength(4);

    const bad = await t
      .http()
      .post(`${API}/ai/datasets`)
      .set(op.auth)
      .attach('file', Buffer.from('timestamp,cpu_temp,label\n2026-11-25T10:00:00Z,55,normal\n'), 'x.csv')
      .expect(400);
    expect(bad.body.details[0].message).toContain('missing column(s)');
    const none = await t.http().post(`${API}/ai/datasets`).set(op.auth).expect(400);
    expect(none.body.details).toEqual([
      { field: 'file', message: 'attach the CSV as multipart field "file"' },
    ]);
    const viewer = await t.userWithRole(Role.Viewer);
    await t
      .http()
      .post(`${API}/ai/datasets`)
      .set(viewer.auth)
      .attach('file', Buffer.from(csv), 'labels.csv')
      .expect(403);
  });
});
