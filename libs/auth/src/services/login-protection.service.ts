import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig, InjectAppConfig, InjectRedis } from '@app/core';

/** Why an attempt was refused before the password was looked at. */
export type LoginDelayScope = 'address' | 'username';

export type LoginClaim =
  | {
      allowed: true;
      /** This attempt's number among the (username, address)'s remembered failures, 1-based. */
      addressFailures: number;
      /** Failures of this username across all addresses in the current window, this attempt included. */
      usernameFailures: number;
    }
  | { allowed: false; scope: LoginDelayScope; retryAfterMs: number };

/** An address the user logged in from stays exempt from the per-username throttle this long. */
const KNOWN_ADDRESS_TTL_MS = 30 * 24 * 3600_000;
/** Only the most recent ones: bounds the set however often the user moves. */
const KNOWN_ADDRESSES_KEPT = 20;

/**
 * One client, one key: an IPv4 address seen through an IPv6 socket is the IPv4 address; anything that
 * is not an IP (req.ip is whatever the trusted X-Forwarded-For hop says) is hashed, so a header cannot
 * make keys long.
 */
function normaliseAddress(address: string): string {
  const mapped = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(mapped)) return mapped.toLowerCase();
  return `h:${createHash('sha256').update(address).digest('hex').slice(0, 32)}`;
}

/*
 * KEYS: 1 the (username, address) state {n: failures, next: ms before which it may not try},
 *       2 the username's failure counter for the window, 3 the username's throttle slot,
 *       4 the username's known addresses (sorted set, score = last success).
 * ARGV: 1 address, 2 free failures, 3 base delay ms, 4 max delay ms, 5 window ms, 6 ceiling, 7 slot ms.
 * The attempt is counted as a failure when it is let through (and uncounted on success), so a burst
 * of parallel attempts cannot all pass a check made before any of them failed.
 */
const CLAIM = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nextAt = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
if nextAt > now then return {0, 1, nextAt - now} end
local failures = tonumber(redis.call('GET', KEYS[2]) or '0')
if failures >= tonumber(ARGV[6]) and not redis.call('ZSCORE', KEYS[4], ARGV[1]) then
  if not redis.call('SET', KEYS[3], '1', 'PX', ARGV[7], 'NX') then
    return {0, 2, math.max(redis.call('PTTL', KEYS[3]), 1)}
  end
end
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
local free = tonumber(ARGV[2])
local delay = 0
if n > free then delay = math.min(tonumber(ARGV[3]) * 2 ^ math.min(n - free - 1, 40), tonumber(ARGV[4])) end
redis.call('HSET', KEYS[1], 'next', math.floor(now + delay))
redis.call('PEXPIRE', KEYS[1], math.max(tonumber(ARGV[5]), math.floor(delay)))
local c = redis.call('INCR', KEYS[2])
if c == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[5]) end
return {1, n, c}
`;

/* KEYS as for CLAIM. ARGV: 1 address, 2 known-address ttl ms, 3 addresses kept. */
const SUCCEED = `
local t = redis.call('TIME')
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
redis.call('ZADD', KEYS[4], tonumber(t[1]), ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[4], 0, -(tonumber(ARGV[3]) + 1))
redis.call('PEXPIRE', KEYS[4], ARGV[2])
return 1
`;

/**
 * Slows password guessing without letting a stranger lock a user out.
 *
 * - Per (username, client address): the first `freeFailures` failures cost nothing; each further one
 *   makes that pair wait twice as long before its next try (base … `delayMaxSec`). A success clears it.
 *   An attacker's failures only slow the attacker's own address.
 * - Per username, all addresses: past `userFailureCeiling` failures in the window, addresses the user
 *   has not logged in from recently share one try per `userThrottleSec`, which bounds a guessing
 *   botnet; the user's own known addresses are not throttled.
 *
 * Keyed by the normalised username whether or not it exists, so the answers cannot tell them apart.
 * State lives in Redis (every instance sees it; keys expire); the clock is Redis's own.
 */
@Injectable()
export class LoginProtectionService {
  constructor(
    @InjectRedis() private readonly redis: Redis,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  /** Lets the attempt through (counting it as a failure until it succeeds) or says how long to wait. */
  async claimAttempt(username: string, clientAddress: string): Promise<LoginClaim> {
    const p = this.config.login;
    const address = normaliseAddress(clientAddress);
    const [allowed, a, b] = (await this.redis.eval(
      CLAIM,
      4,
      ...this.keys(username, address),
      address,
      p.freeFailures,
      p.delayBaseMs,
      p.delayMaxSec * 1000,
      p.failureWindowSec * 1000,
      p.userFailureCeiling,
      p.userThrottleSec * 1000,
    )) as [number, number, number];
    if (allowed === 1) return { allowed: true, addressFailures: a, usernameFailures: b };
    return { allowed: false, scope: a === 1 ? 'address' : 'username', retryAfterMs: b };
  }

  /** The right password: the pair starts afresh and the address is remembered as the user's. */
  async recordSuccess(username: string, clientAddress: string): Promise<void> {
    const address = normaliseAddress(clientAddress);
    await this.redis.eval(
      SUCCEED,
      4,
      ...this.keys(username, address),
      address,
      KNOWN_ADDRESS_TTL_MS,
      KNOWN_ADDRESSES_KEPT,
    );
  }

  /** Whether this failure was the one that started the pair's delays. */
  startedDelays(claim: { addressFailures: number }): boolean {
    return claim.addressFailures === this.config.login.freeFailures + 1;
  }

  /** Whether this failure was the one that reached the username's ceiling for the window. */
  reachedCeiling(claim: { usernameFailures: number }): boolean {
    return claim.usernameFailures === this.config.login.userFailureCeiling;
  }

  private keys(username: string, address: string): [string, string, string, string] {
    // Hashed: bounded, printable keys whatever the name; the {tag} keeps one user's keys in one
    // cluster slot, as a script touching several keys needs.
    const tag = createHash('sha256').update(username).digest('hex').slice(0, 32);
    return [
      `login:{${tag}}:addr:${address}`,
      `login:{${tag}}:failures`,
      `login:{${tag}}:slot`,
      `login:{${tag}}:known`,
    ];
  }
}
