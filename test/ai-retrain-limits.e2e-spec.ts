import { randomBytes } from 'node:crypto';
import { getQueueToken } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import { QueueName, RetrainModelJob, Role } from '@app/contracts';
import { API, closeTwoInstances, Session, startTwoInstances, TestApp } from './support/test-app';

/**
 * Bounded retraining requests (issue 16, item 9): while a manual retraining on a data source is
 * waiting or running, asking again answers that job; each user may ask AI_RETRAIN_RATE_LIMIT times
 * per AI_RETRAIN_RATE_WINDOW_SEC, across instances. No worker runs here, so jobs stay where the
 * test puts them (Bull's own calls move them, as a worker would).
 */
const LIMIT = 5;
const WINDOW_SEC = 6;

describe('POST /ai/models/retrain: deduplicated and rate-limited', () => {
  // A and B are two instances of one deployment: same database, same Redis prefix.
  const prefix = `test:retrain-${randomBytes(3).toString('hex')}:`;
  const env = {
    REDIS_KEY_PREFIX: prefix,
    AI_RETRAIN_RATE_LIMIT: String(LIMIT),
    AI_RETRAIN_RATE_WINDOW_SEC: String(WINDOW_SEC),
    AI_RETRAIN_CRON: '',
  };
  let a: TestApp;
  let b: TestApp;
  let queue: Queue<RetrainModelJob>;

  const retrain = (t: TestApp, who: Session, body: unknown) =>
    t
      .http()
      .post(`${API}/ai/models/retrain`)
      .set(who.auth)
      .send(body as object);

  async function metric(t: TestApp, series: string): Promise<number> {
    const text = (await t.http().get('/metrics').expect(200)).text;
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  /** Takes the next waiting job as a worker would (active, locked). */
  async function take(): Promise<Job<RetrainModelJob>> {
    const job = await queue.getNextJob();
    if (!job) throw new Error('no waiting job');
    return job;
  }

  beforeAll(async () => {
    [a, b] = await startTwoInstances(env);
    queue = a.app.get<Queue<RetrainModelJob>>(getQueueToken(QueueName.AiRetraining), { strict: false });
  });
  /** Bull's dedup key of the manual retrainings on one data source. */
  const dedupKey = (dataSource: string) => `${queue.toKey('de')}:manual-${dataSource}`;

  beforeEach(async () => {
    // Each test starts with nothing pending. Obliterating deletes the jobs but not their dedup keys,
    // and restarts the id sequence: the sequence is kept, the keys go.
    const lastId = await queue.client.get(queue.toKey('id'));
    await queue.obliterate({ force: true });
    if (lastId) await queue.client.set(queue.toKey('id'), lastId);
    await queue.client.del(...['synthetic', 'real', 'mixed'].map(dedupKey));
  });
  afterAll(async () => {
    await closeTwoInstances(a, b, prefix);
  });

  it('answers a second request for the same data source with the pending job, and Bull holds one job', async () => {
    const admin = await a.userWithRole(Role.Admin);
    const first = await retrain(a, admin, { dataSource: 'synthetic' }).expect(202);
    expect(first.body).toEqual({ jobId: expect.stringMatching(/^\d+$/), deduplicated: false });
    const second = await retrain(b, admin, { dataSource: 'synthetic' }).expect(202);
    expect(second.body).toEqual({ jobId: first.body.jobId, deduplicated: true });

    expect(await queue.getJobCounts()).toMatchObject({ waiting: 1, active: 0, delayed: 0 });
    const job = await a.http().get(`${API}/ai/jobs/${first.body.jobId}`).set(admin.auth).expect(200);
    expect(job.body).toMatchObject({ id: first.body.jobId, state: 'waiting' });
    expect((await queue.getJob(first.body.jobId))?.data).toEqual({
      dataSource: 'synthetic',
      trigger: 'manual',
      requestedBy: admin.user.id,
    });
  });

  it('gives requests racing on two instances, from several users, one job', async () => {
    const users = await Promise.all([a.userWithRole(Role.Admin), a.userWithRole(Role.Operator)]);
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => retrain(i % 2 ? a : b, users[i % 2], { dataSource: 'synthetic' })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(202));
    const ids = new Set(responses.map((r) => r.body.jobId as string));
    expect(ids.size).toBe(1);
    expect(responses.filter((r) => r.body.deduplicated === false)).toHaveLength(1);
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 1 });
  });

  it('queues one job per data source: another data source is not answered by a pending one', async () => {
    const admin = await a.userWithRole(Role.Admin);
    const ids = [];
    for (const dataSource of ['synthetic', 'real', 'mixed']) {
      const res = await retrain(a, admin, { dataSource }).expect(202);
      expect(res.body.deduplicated).toBe(false);
      ids.push(res.body.jobId as string);
    }
    expect(new Set(ids).size).toBe(3);
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 3 });
  });

  it('still answers the running job, and a job waiting out a retry after a failed attempt', async () => {
    const admin = await a.userWithRole(Role.Admin);
    const { jobId } = (await retrain(a, admin, { dataSource: 'mixed' }).expect(202)).body as {
      jobId: string;
    };
    const job = await take();
    expect(String(job.id)).toBe(jobId);
    expect((await retrain(b, admin, { dataSource: 'mixed' }).expect(202)).body).toEqual({
      jobId,
      deduplicated: true,
    });
    // The first of its 2 attempts fails: it waits out its backoff, still pending.
    await job.moveToFailed({ message: 'out of memory' }, true);
    expect(await job.getState()).toBe('delayed');
    expect((await retrain(a, admin, { dataSource: 'mixed' }).expect(202)).body).toEqual({
      jobId,
      deduplicated: true,
    });
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 0, active: 0, delayed: 1 });
  });

  it('queues a new job once the pending one has completed or finally failed', async () => {
    const admin = await a.userWithRole(Role.Admin);
    const first = (await retrain(a, admin, { dataSource: 'synthetic' }).expect(202)).body.jobId as string;
    await (await take()).moveToCompleted('done', true, true);
    const second = await retrain(b, admin, { dataSource: 'synthetic' }).expect(202);
    expect(second.body).toEqual({ jobId: expect.not.stringMatching(`^${first}$`), deduplicated: false });
    // The finished job keeps its id and result for GET /ai/jobs/{id}.
    expect(await (await queue.getJob(first))?.getState()).toBe('completed');

    const failing = await take();
    failing.opts.attempts = 1;
    await failing.moveToFailed({ message: 'bad data' }, true);
    expect(await failing.getState()).toBe('failed');
    const third = await retrain(a, admin, { dataSource: 'synthetic' }).expect(202);
    expect(third.body.deduplicated).toBe(false);
    expect(new Set([first, second.body.jobId, third.body.jobId]).size).toBe(3);
  });

  it('does not answer with a job removed by hand: the request queues a new one', async () => {
    const admin = await a.userWithRole(Role.Admin);
    const gone = (await retrain(a, admin, { dataSource: 'real' }).expect(202)).body.jobId as string;
    await (await queue.getJob(gone))?.remove();
    const res = await retrain(b, admin, { dataSource: 'real' }).expect(202);
    expect(res.body).toEqual({ jobId: expect.not.stringMatching(`^${gone}$`), deduplicated: false });
    await a.http().get(`${API}/ai/jobs/${res.body.jobId}`).set(admin.auth).expect(200);
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 1 });
  });

  it('does not answer with a job the queue lost: a dedup key left behind by obliterate, naming the very id handed out next', async () => {
    const admin = await a.userWithRole(Role.Admin);
    await queue.obliterate({ force: true });
    const first = (await retrain(a, admin, { dataSource: 'real' }).expect(202)).body.jobId as string;
    expect(first).toBe('1');
    // Bull deletes the job and restarts the sequence at 1, but keeps the key that names job 1.
    await queue.obliterate({ force: true });
    expect(await queue.client.get(dedupKey('real'))).toBe('1');
    const res = await retrain(b, admin, { dataSource: 'real' }).expect(202);
    expect(res.body.deduplicated).toBe(false);
    const job = await a.http().get(`${API}/ai/jobs/${res.body.jobId}`).set(admin.auth).expect(200);
    expect(job.body.state).toBe('waiting');
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 1 });
    expect((await retrain(a, admin, { dataSource: 'real' }).expect(202)).body).toEqual({
      jobId: res.body.jobId,
      deduplicated: true,
    });
  });

  it('answers a burst beyond the per-user limit, across instances, with 429 and Retry-After; other users are unaffected', async () => {
    const admin = await a.userWithRole(Role.Admin);
    const limitedBefore = await metric(b, 'ai_retrain_requests_total{outcome="rate_limited"}');
    for (let i = 0; i < LIMIT; i++)
      await retrain(i % 2 ? a : b, admin, { dataSource: 'synthetic' }).expect(202);
    const refused = await retrain(b, admin, { dataSource: 'synthetic' }).expect(429);
    expect(refused.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Too many retraining requests; try again after the time in Retry-After',
      details: [],
      requestId: expect.any(String),
    });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SEC);
    expect((await retrain(a, admin, { dataSource: 'real' }).expect(429)).headers['retry-after']).toMatch(
      /^\d+$/,
    );
    expect(await metric(b, 'ai_retrain_requests_total{outcome="rate_limited"}')).toBe(limitedBefore + 1);

    const other = await a.userWithRole(Role.Operator);
    await retrain(b, other, { dataSource: 'synthetic' }).expect(202);
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 1 });
  });

  it('lets the user ask again once the oldest request has left the window (Retry-After is honest)', async () => {
    const admin = await a.userWithRole(Role.Admin);
    for (let i = 0; i < LIMIT; i++) await retrain(a, admin, { dataSource: 'mixed' }).expect(202);
    const refused = await retrain(a, admin, { dataSource: 'mixed' }).expect(429);
    const waitSec = Number(refused.headers['retry-after']);
    await new Promise((r) => setTimeout(r, waitSec * 1000));
    await retrain(b, admin, { dataSource: 'mixed' }).expect(202);
  });

  it('counts only well-formed, authorised requests: bad bodies and refused roles do not use up the limit', async () => {
    const op = await a.userWithRole(Role.Operator);
    const hostile: unknown[] = [
      {},
      { dataSource: 'web' },
      { dataSource: ['synthetic'] },
      { dataSource: 1 },
      { dataSource: 'synthetic', priority: 1 },
      { dataSource: 's'.repeat(100_000) },
      { dataSource: 'synthetic\u0000' },
    ];
    for (const body of hostile) {
      const res = await retrain(a, op, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    for (let i = 0; i < LIMIT + 1; i++) await retrain(b, op, { dataSource: 'real' }).expect(403);
    for (let i = 0; i < LIMIT; i++) await retrain(a, op, { dataSource: 'synthetic' }).expect(202);
    await retrain(a, op, { dataSource: 'synthetic' }).expect(429);
  });
});
