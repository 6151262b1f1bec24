/** @jest-environment ./ml/testing/onnxruntime-environment.js */
import { getQueueToken } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import { Socket } from 'socket.io-client';
import { QueueName, RetrainModelJob } from '@app/contracts';
import { dataSourceOf } from './support/alerts';
import { connectKiosk, emitWithAck, eventually, kioskUpdate, registerKiosk } from './support/kiosks';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Automatic retraining triggers on the real app: feature drift seen by the API, new operator labels
 * counted by the worker, and the nightly schedule. Each queues an `ai-retraining` job by itself.
 */
describe('AI retraining triggers', () => {
  let t: TestApp;
  let queue: Queue;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      withWorker: true,
      env: {
        AI_TRIGGER_CHECK_SEC: '1',
        AI_DRIFT_MIN_READINGS: '100',
        AI_RETRAIN_MIN_NEW_LABELS: '3',
        AI_RETRAIN_SYNTHETIC_KIOSKS: '20',
        AI_RETRAIN_SYNTHETIC_DAYS: '1',
        AI_FROZEN_EVAL_KIOSKS: '6',
        KIOSK_RATE_LIMIT_PER_SEC: '1000',
        KIOSK_RATE_LIMIT_BURST: '1000',
      },
    });
    queue = t.app.get<Queue>(getQueueToken(QueueName.AiRetraining));
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  async function jobsBy(trigger: RetrainModelJob['trigger']): Promise<Job<RetrainModelJob>[]> {
    const jobs = (await queue.getJobs([
      'waiting',
      'active',
      'completed',
      'failed',
      'delayed',
    ])) as Job<RetrainModelJob>[];
    return jobs.filter((j) => j !== null && j.data.trigger === trigger);
  }

  it('schedules the nightly retraining', async () => {
    const repeatable = await queue.getRepeatableJobs();
    expect(repeatable).toEqual([expect.objectContaining({ name: 'retrain', cron: '0 3 * * *' })]);
  });

  it('queues one retraining when live readings drift away from the training distribution', async () => {
    const k = await registerKiosk(t);
    const socket = await connectKiosk(t, k);
    sockets.push(socket);
    await emitWithAck(socket, 'kiosk_join', {});
    const start = Date.now() - 3600_000;
    // A heat wave with a saturated uplink: every reading far outside the training deciles.
    const drifted = (i: number) =>
      kioskUpdate(i, {
        environmental: { temperature: 48 + (i % 5), humidity: 12, air_quality: 240 },
        network: { latency: 4000 + i, signal_strength: -120 },
      });
    for (let i = 1; i <= 150; i++) {
      await emitWithAck(socket, 'kiosk_update', {
        ...drifted(i),
        timestamp: new Date(start + i * 5000).toISOString(),
      });
    }
    await eventually(async () => expect(await jobsBy('drift')).toHaveLength(1), 10_000, 200);
    const [job] = await jobsBy('drift');
    expect(job.data).toEqual({ dataSource: 'mixed', trigger: 'drift', requestedBy: null });
    // Still drifting: the fleet-wide cooldown keeps it to one retraining.
    for (let i = 151; i <= 300; i++) {
      await emitWithAck(socket, 'kiosk_update', {
        ...drifted(i),
        timestamp: new Date(start + i * 5000).toISOString(),
      });
    }
    await new Promise((r) => setTimeout(r, 2500));
    expect(await jobsBy('drift')).toHaveLength(1);
  });

  it('queues a retraining once enough alerts have been judged since the last one', async () => {
    expect(await jobsBy('labels')).toHaveLength(0);
    // Labels count from the last retrained model on: let the drift retraining finish first.
    await eventually(
      async () => expect(await queue.getJobCounts()).toMatchObject({ waiting: 0, active: 0 }),
      40_000,
      200,
    );
    const k = await registerKiosk(t);
    const ds = dataSourceOf(t);
    for (let i = 0; i < 3; i++) {
      await ds.query(
        `INSERT INTO alerts (kiosk_id, dedup_key, type, severity, status, title, resolved_at, false_positive)
         VALUES ($1, $2, 'ai_anomaly', 'major', 'resolved', 'judged', now(), $3)`,
        [k.id, `judged:${i}`, i === 0],
      );
    }
    await eventually(async () => expect(await jobsBy('labels')).toHaveLength(1), 10_000, 200);
  });
});
