/** @jest-environment ./ml/testing/onnxruntime-environment.js */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Socket } from 'socket.io-client';
import { KioskScoringStates } from '@app/ai';
import { Role } from '@app/contracts';
import { dataSourceOf } from './support/alerts';
import { connectKiosk, emitWithAck, eventually, kioskUpdate, registerKiosk } from './support/kiosks';
import { API, closeTwoInstances, startTwoInstances, TestApp } from './support/test-app';

/**
 * The model registry across two API instances sharing PostgreSQL and Redis: activation by an admin
 * reaches the other instance within 5 s, rollback, deletion rules, and a hot swap that loses no reading.
 */
const card = JSON.parse(readFileSync('ml/models/anomaly-baseline.card.json', 'utf8')) as Record<
  string,
  unknown
> & {
  version: string;
  featureSpec: { hash: string };
};
const onnx = readFileSync('ml/models/anomaly-baseline.onnx');
const CHALLENGER = 'challenger-1';

describe('AI model registry', () => {
  let a: TestApp;
  let b: TestApp;
  let prefix: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    prefix = `test:${randomBytes(4).toString('hex')}:`;
    const env = {
      ENABLED_MODULES: 'kiosk,telemetry,ai',
      REDIS_KEY_PREFIX: prefix,
      KIOSK_RATE_LIMIT_PER_SEC: '1000',
      KIOSK_RATE_LIMIT_BURST: '1000',
    };
    [a, b] = await startTwoInstances(env);
    // A second model: the baseline's bytes under another version and threshold, so which one scores shows.
    const ds = dataSourceOf(a);
    for (const [version, hash, threshold] of [
      [CHALLENGER, card.featureSpec.hash, 0.61],
      ['other-features', 'deadbeefdeadbeef', 0.5],
    ] as const) {
      await ds.query(
        `INSERT INTO ai_models (version, algorithm, status, feature_spec_hash, threshold, metrics, card, onnx, created_by)
         VALUES ($1, 'gradient_boosted_trees', 'candidate', $2, $3, $4, $5, $6, 'test')`,
        [
          version,
          hash,
          threshold,
          JSON.stringify(card.metrics),
          JSON.stringify({ ...card, version, threshold, featureSpec: { ...card.featureSpec, hash } }),
          onnx,
        ],
      );
    }
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await closeTwoInstances(a, b, prefix);
  });

  async function scoredVersion(t: TestApp): Promise<string> {
    const res = await t
      .http()
      .post(`${API}/ai/score`)
      .set((await t.admin()).auth)
      .send(kioskUpdate(1))
      .expect(200);
    return res.body.modelVersion as string;
  }

  it('lets only admins activate, and refuses a model built for other features', async () => {
    const op = await a.userWithRole(Role.Operator);
    await a.http().post(`${API}/ai/models/${CHALLENGER}/activate`).set(op.auth).expect(403);
    await a.http().delete(`${API}/ai/models/${CHALLENGER}`).set(op.auth).expect(403);
    await a.http().post(`${API}/ai/models/rollback`).set(op.auth).expect(403);
    const admin = await a.admin();
    const res = await a.http().post(`${API}/ai/models/other-features/activate`).set(admin.auth).expect(422);
    expect(res.body.message).toContain('feature spec');
    await a.http().post(`${API}/ai/models/no-such-model/activate`).set(admin.auth).expect(404);
  });

  it('activates on one instance, the other swaps within 5 s, with no reading left unscored', async () => {
    const k = await registerKiosk(a);
    const socket = await connectKiosk(a, k);
    sockets.push(socket);
    await emitWithAck(socket, 'kiosk_join', {});
    const start = Date.now() - 10 * 60_000;
    let seq = 0;
    const sendMany = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const ack = await emitWithAck(
          socket,
          'kiosk_update',
          kioskUpdate(++seq, {}, new Date(start + seq * 1000)),
        );
        expect(ack).toEqual({ ok: true });
      }
    };
    expect(await scoredVersion(b)).toBe(card.version);

    const load = sendMany(300);
    const admin = await a.admin();
    const res = await a.http().post(`${API}/ai/models/${CHALLENGER}/activate`).set(admin.auth).expect(200);
    expect(res.body).toMatchObject({ version: CHALLENGER, status: 'active' });
    expect(res.body.threshold).toBeCloseTo(0.61, 5);
    const activatedAt = Date.now();
    await eventually(async () => expect(await scoredVersion(b)).toBe(CHALLENGER), 5000, 50);
    expect(Date.now() - activatedAt).toBeLessThan(5000);
    expect(await scoredVersion(a)).toBe(CHALLENGER);
    await load;

    const list = await a.http().get(`${API}/ai/models`).set(admin.auth).expect(200);
    const status = Object.fromEntries(
      (list.body.items as { version: string; status: string }[]).map((m) => [m.version, m.status]),
    );
    expect(status).toEqual({
      [CHALLENGER]: 'active',
      [card.version]: 'retired',
      'other-features': 'candidate',
    });

    const ds = dataSourceOf(a);
    await eventually(async () => {
      const [row] = await ds.query(
        `SELECT count(*)::int AS n, count(anomaly_score)::int AS scored FROM telemetry WHERE kiosk_id = $1`,
        [k.id],
      );
      expect(row).toEqual({ n: 300, scored: 300 });
    });
  });

  it('the active model cannot be deleted; rollback brings the previous one back everywhere', async () => {
    const admin = await a.admin();
    const refused = await a.http().delete(`${API}/ai/models/${CHALLENGER}`).set(admin.auth).expect(422);
    expect(refused.body.message).toContain('active model cannot be deleted');

    const back = await a.http().post(`${API}/ai/models/rollback`).set(admin.auth).expect(200);
    expect(back.body).toMatchObject({ version: card.version, status: 'active' });
    await eventually(async () => expect(await scoredVersion(b)).toBe(card.version), 5000, 50);

    await a.http().delete(`${API}/ai/models/${CHALLENGER}`).set(admin.auth).expect(204);
    await a.http().delete(`${API}/ai/models/${CHALLENGER}`).set(admin.auth).expect(404);
    const list = await b.http().get(`${API}/ai/models`).set(admin.auth).expect(200);
    expect((list.body.items as { version: string }[]).map((m) => m.version).sort()).toEqual(
      [card.version, 'other-features'].sort(),
    );
  });

  it("hands a kiosk's baselines to the instance that sees it next (Redis snapshot)", async () => {
    const k = await registerKiosk(a);
    const socket = await connectKiosk(a, k);
    sockets.push(socket);
    await emitWithAck(socket, 'kiosk_join', {});
    const start = Date.now() - 3 * 3600_000;
    for (let m = 0; m < 120; m++) {
      const r = kioskUpdate(m + 1, {}, new Date(start + m * 60_000));
      await emitWithAck(socket, 'kiosk_update', {
        ...r,
        hardware: { ...r.hardware, disk_usage: 60 + (m % 5) },
      });
    }
    const ds = dataSourceOf(a);
    await eventually(async () => {
      const [row] = await ds.query(
        `SELECT count(anomaly_score)::int AS n FROM telemetry WHERE kiosk_id = $1`,
        [k.id],
      );
      expect(row.n).toBe(120);
    });
    await a.app.get(KioskScoringStates).snapshot();
    const probe = {
      ...kioskUpdate(500, {}, new Date(start + 121 * 60_000)),
      kiosk_id: k.id,
      hardware: { cpu_temp: 55.2, cpu_usage: 41, ram_usage: 63.2, disk_usage: 97 },
    };
    const admin = await a.admin();
    const onA = await a.http().post(`${API}/ai/score`).set(admin.auth).send(probe).expect(200);
    const onB = await b
      .http()
      .post(`${API}/ai/score`)
      .set((await b.admin()).auth)
      .send(probe)
      .expect(200);
    expect(onB.body).toEqual(onA.body);
    // The kiosk's own norm is known on B too: the disk is judged against it.
    const disk = onB.body.explanation.find((e: { feature: string }) => e.feature === 'disk_usage');
    expect(disk?.text).toMatch(/σ above this kiosk's norm/);
  });
});
