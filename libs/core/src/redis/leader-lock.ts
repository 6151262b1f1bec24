import type Redis from 'ioredis';
import { INSTANCE_ID } from '../instance/instance-id';

/** Renews the lock only if this owner still holds it (a GET then PEXPIRE could renew another's). */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/**
 * One holder at a time among the instances sharing a Redis, for the periodic jobs that must run
 * once (liveness and alert sweeps, through PeriodicTask). Held while it is renewed within `ttlMs`;
 * an instance that dies loses it after `ttlMs`, one that shuts down gives it up at once.
 */
export class LeaderLock {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly ttlMs: number,
    private readonly owner: string = INSTANCE_ID,
  ) {}

  /** Takes the lock if it is free, renews it if this owner holds it; true while held. */
  async holdOrTake(): Promise<boolean> {
    if (await this.redis.set(this.key, this.owner, 'PX', this.ttlMs, 'NX')) return true;
    return (await this.redis.eval(RENEW, 1, this.key, this.owner, this.ttlMs)) === 1;
  }

  /** Gives the lock up, if held, so another instance takes over without waiting out the TTL. */
  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, this.owner).catch(() => 0);
  }
}
