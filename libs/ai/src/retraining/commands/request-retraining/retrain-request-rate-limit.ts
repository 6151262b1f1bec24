import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';

const key = (userId: string) => `ai:retrain-requests:${userId}`;

/**
 * Sliding-window log: forget requests older than the window; at the limit answer how long until
 * the oldest leaves it; else log this one. KEYS[1] the user's log; ARGV: window (ms), limit, member.
 * Returns 0 when the request is let through, else the milliseconds to wait. The time is Redis's
 * (TIME), not the calling instance's, so clock skew between API instances cannot shift the window.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 0`;

/**
 * At most `limit` retraining requests per user in any `windowMs`, counted in Redis so the limit
 * holds across API instances. A sliding log, not fixed windows: no burst of twice the limit
 * across a window boundary, and the wait it answers is exact.
 */
export class RetrainRequestRateLimit {
  constructor(
    private readonly redis: Redis,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one request of the user: 0 when it may go ahead, else the milliseconds to wait. */
  async take(userId: string): Promise<number> {
    // Unique per request: two requests in the same millisecond are two entries of the log.
    const member = randomBytes(8).toString('hex');
    const waitMs = await this.redis.eval(TAKE, 1, key(userId), this.windowMs, this.limit, member);
    return Number(waitMs);
  }
}
