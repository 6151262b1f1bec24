/** @jest-environment ./ml/testing/onnxruntime-environment.js */
import { Role } from '@app/contracts';
import { runTraining } from '../ml/src/pipeline';
import { dataSourceOf } from './support/alerts';
import { eventually, kioskUpdate } from './support/kiosks';
import { API, Session, startTestApp, TestApp } from './support/test-app';

/**
 * Retraining through the `ai-retraining` Bull queue in the worker, with guarded promotion: a
 * candidate worse than the active model stays a candidate (with the reason); a better one becomes
 * active and the API swaps to it. Small fleets keep each run to seconds.
 */
describe('AI retraining (Bull, guarded promotion)', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await startTestApp({
      withWorker: true,
      env: { AI_RETRAIN_SYNTHETIC_KIOSKS: '24', AI_RETRAIN_SYNTHETIC_DAYS: '1', AI_FROZEN_EVAL_KIOSKS: '8' },
    });
    admin = await t.admin();
  });
  afterAll(async () => {
    await t.close();
  });

  async function finished(jobId: string): Promise<{ version: string; promoted: boolean; reason: string }> {
    const seen = new Set<string>();
    const job = await eventually(
      async () => {
        const res = await t.http().get(`${API}/ai/jobs/${jobId}`).set(admin.auth).expect(200);
        seen.add(res.body.stage);
        expect(res.body.state).toBe('completed');
        return res.body;
      },
      50_000,
      200,
    );
    expect(job.progress).toBe(100);
    return job.result;
  }

  async function models(): Promise<Record<string, { status: string; reason: string | null }>> {
    const res = await t.http().get(`${API}/ai/models`).set(admin.auth).expect(200);
    return Object.fromEntries(
      (res.body.items as { version: string; status: string; reason: string | null }[]).map((m) => [
        m.version,
        m,
      ]),
    );
  }

  it('enforces who may train on what', async () => {
    const op = await t.userWithRole(Role.Operator);
    const viewer = await t.userWithRole(Role.Viewer);
    await t.http().post(`${API}/ai/models/retrain`).set(op.auth).send({ dataSource: 'real' }).expect(403);
    await t.http().post(`${API}/ai/models/retrain`).set(op.auth).send({ dataSource: 'mixed' }).expect(403);
    await t
      .http()
      .post(`${API}/ai/models/retrain`)
      .set(viewer.auth)
      .send({ dataSource: 'synthetic' })
      .expect(403);
    const bad = await t
      .http()
      .post(`${API}/ai/models/retrain`)
      .set(admin.auth)
      .send({ dataSource: 'web' })
      .expect(400);
    expect(bad.body.details[0].field).toBe('dataSource');
    await t.http().get(`${API}/ai/jobs/999999`).set(admin.auth).expect(404);
  });

  it('keeps a candidate that is worse than the active model out, with the reason', async () => {
    const op = await t.userWithRole(Role.Operator);
    const before = Object.entries(await models()).find(([, m]) => m.status === 'active')?.[0];
    const res = await t
      .http()
      .post(`${API}/ai/models/retrain`)
      .set(op.auth)
      .send({ dataSource: 'synthetic' })
      .expect(202);
    expect(res.body.jobId).toEqual(expect.any(String));
    const result = await finished(res.body.jobId);
    // A day of 24 simulated kiosks does not beat the committed baseline (300 kiosks × 2.5 days).
    expect(result.promoted).toBe(false);
    expect(result.reason).toMatch(/below the active model|above the active model/);
    const registry = await models();
    expect(registry[result.version]).toMatchObject({ status: 'candidate', reason: result.reason });
    expect(registry[before as string].status).toBe('active');
  });

  it('promotes a candidate that beats the active model, and the API swaps to it', async () => {
    // Make the active model deliberately bad: a logistic regression that barely trained.
    const weak = await runTraining({
      seed: 'weak-model',
      synthetic: { kiosks: 20, days: 1, stepSec: 120 },
      simulatorFleet: null,
      algorithms: ['logistic_regression'],
      logistic: { epochs: 1, learningRate: 1e-6 },
      goal: { targetPrecision: 0.95, maxFalseAlertsPerKioskDay: 0.25 },
      name: 'weak',
      createdBy: 'test',
    });
    await dataSourceOf(t).query(
      `INSERT INTO ai_models (version, algorithm, status, feature_spec_hash, threshold, metrics, card, onnx, created_by)
       VALUES ($1, $2, 'candidate', $3, $4, $5, $6, $7, 'test')`,
      [
        weak.card.version,
        weak.card.algorithm,
        weak.card.featureSpec.hash,
        weak.card.threshold,
        JSON.stringify(weak.card.metrics),
        JSON.stringify(weak.card),
        Buffer.from(weak.onnx),
      ],
    );
    await t.http().post(`${API}/ai/models/${weak.card.version}/activate`).set(admin.auth).expect(200);

    const res = await t
      .http()
      .post(`${API}/ai/models/retrain`)
      .set(admin.auth)
      .send({ dataSource: 'mixed' })
      .expect(202);
    const result = await finished(res.body.jobId);
    expect(result.promoted).toBe(true);
    const registry = await models();
    expect(registry[result.version].status).toBe('active');
    expect(registry[weak.card.version].status).toBe('retired');
    await eventually(async () => {
      const scored = await t.http().post(`${API}/ai/score`).set(admin.auth).send(kioskUpdate(1)).expect(200);
      expect(scored.body.modelVersion).toBe(result.version);
    }, 5000);
  });
});
