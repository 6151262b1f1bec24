import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { LeaderLock } from '@app/core';
import { TEST_REDIS_URL } from './support/test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('LeaderLock on a real Redis (the liveness and alert sweepers run on its holder only)', () => {
  const redis = new Redis(TEST_REDIS_URL, { keyPrefix: `test:leader-${randomBytes(3).toString('hex')}:` });
  afterAll(async () => {
    await redis.del('lock');
    redis.disconnect();
  });

  it('has one holder at a time, kept by renewal, handed over at release or when it lapses', async () => {
    const a = new LeaderLock(redis, 'lock', 400, 'instance-a');
    const b = new LeaderLock(redis, 'lock', 400, 'instance-b');
    expect(await a.holdOrTake()).toBe(true);
    expect(await b.holdOrTake()).toBe(false);
    // Renewed within its TTL, a keeps it past the first TTL.
    await sleep(250);
    expect(await a.holdOrTake()).toBe(true);
    await sleep(250);
    expect(await b.holdOrTake()).toBe(false);
    // b cannot release (or renew) a's lock.
    await b.release();
    expect(await redis.get('lock')).toBe('instance-a');
    // a's release hands over at once.
    await a.release();
    expect(await b.holdOrTake()).toBe(true);
    // b stops renewing (it died): a takes over once the TTL has passed, not before.
    expect(await a.holdOrTake()).toBe(false);
    await sleep(500);
    expect(await a.holdOrTake()).toBe(true);
    expect(await redis.get('lock')).toBe('instance-a');
  });
});
