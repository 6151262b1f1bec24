import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { PeriodicTask } from '@app/core';

// Not imported from support/test-app, which loads the whole app: this file needs Redis only.
const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('PeriodicTask with a leader lock on a real Redis (the sweepers that run on one instance)', () => {
  const redis = new Redis(TEST_REDIS_URL, { keyPrefix: `test:periodic-${randomBytes(3).toString('hex')}:` });
  const logger = { warn: jest.fn() };
  const tasks: PeriodicTask[] = [];
  afterEach(async () => {
    await Promise.all(tasks.splice(0).map((t) => t.stop()));
    await redis.del('lock');
  });
  afterAll(() => redis.disconnect());

  /** One "instance" of the task; `passes` counts the passes it ran. */
  function instance(owner: string, run: () => Promise<void> = () => Promise.resolve()) {
    const passes = { n: 0 };
    const task = new PeriodicTask({
      intervalMs: 100,
      run: async () => {
        passes.n++;
        await run();
      },
      logger,
      failure: 'sweep failed',
      leader: { redis, key: 'lock', ttlMs: 300, owner },
    });
    tasks.push(task);
    return { task, passes };
  }

  it('runs passes on the lock holder only, and hands over at once when the holder stops', async () => {
    const a = instance('instance-a');
    const b = instance('instance-b');
    expect(await a.task.runNow()).toBe(true);
    expect(await b.task.runNow()).toBe(false);
    expect(await a.task.runNow()).toBe(true);
    expect([a.passes.n, b.passes.n]).toEqual([2, 0]);
    expect(await redis.get('lock')).toBe('instance-a');

    await a.task.stop();
    expect(await redis.get('lock')).toBeNull();
    expect(await b.task.runNow()).toBe(true);
    expect([a.passes.n, b.passes.n]).toEqual([2, 1]);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('keeps the lock through a pass longer than its TTL, so no other instance starts one meanwhile', async () => {
    const a = instance('instance-a', () => sleep(1_000));
    const b = instance('instance-b');
    const long = a.task.runNow();
    await sleep(100);
    for (let i = 0; i < 4; i++) {
      expect(await b.task.runNow()).toBe(false);
      await sleep(200);
    }
    expect(await long).toBe(true);
    expect(b.passes.n).toBe(0);
  });

  it('leads on its own ticks once started, the other instance staying idle', async () => {
    const a = instance('instance-a');
    const b = instance('instance-b');
    expect(await a.task.runNow()).toBe(true);
    a.task.start();
    b.task.start();
    await sleep(550);
    expect(a.passes.n).toBeGreaterThanOrEqual(4);
    expect(b.passes.n).toBe(0);
  });
});
