import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import Redis from 'ioredis';
import { AppConfig, GCRA_TAKE_LUA, GcraReply, InjectAppConfig } from '@app/core';
import { KioskWireMetrics } from './kiosk-wire-metrics';

/** How often, at most, an unreachable limiter Redis is logged (each handshake is counted regardless). */
const FAIL_OPEN_LOG_INTERVAL_MS = 60_000;
const CONNECT_WAIT_MS = 2_000;
const US_PER_MIN = 60_000_000;

interface HandshakeRedis extends Redis {
  gcraTake(key: string, intervalUs: number, quota: number, mode?: 'peek'): Promise<GcraReply>;
}

/** A handshake may go on, or is refused with how long to wait (whole seconds, at least 1). */
export type HandshakeVerdict = { allowed: true } | { allowed: false; retryAfterSec: number };
type TrustFn = (addr: string, hop: number) => boolean;
/** What this needs of an Engine.IO connection (its request is null once 'connection' has run). */
interface EngineConnection {
  remoteAddress: string;
  request: IncomingMessage | null;
}
interface EngineServer {
  prependListener(event: 'connection', listener: (conn: EngineConnection) => void): unknown;
}

const ALLOWED: HandshakeVerdict = { allowed: true };

/** A refused handshake: its message is the `connect_error` message; `data` says when to retry. */
export class HandshakeRefused extends Error {
  readonly data?: { retryAfterSec: number };
  constructor(message: 'unauthorized' | 'rate_limited', retryAfterSec?: number) {
    super(message);
    if (retryAfterSec !== undefined) this.data = { retryAfterSec };
  }
}

/**
 * Handshake budgets of the kiosk namespace, in Redis (its clock, keys that expire), shared by every
 * instance: per kiosk serial, spent by every handshake before the auth query, so a stolen secret
 * cannot keep replacing the kiosk's socket (one live socket per kiosk) or churn the database; and
 * per client address, spent by failed authentications only and checked before any other work, so
 * random serials cost one Redis call each once an address has failed often enough. Uses the REST
 * limiter's GCRA script; like it, it fails open — an unreachable Redis lets handshakes through
 * (counted, logged once a minute): kiosks connecting matters more than an exact limit.
 */
@Injectable()
export class KioskHandshakeLimiter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KioskHandshakeLimiter.name);
  private readonly redis: HandshakeRedis | null;
  private readonly limits: AppConfig['kioskWire']['connectLimit'];
  private failedSinceLog = 0;
  private lastFailureLogAt = 0;
  private trust: TrustFn | null = null;
  private readonly addresses = new WeakMap<EngineConnection, string>();

  constructor(
    @InjectAppConfig() config: AppConfig,
    private readonly metrics: KioskWireMetrics,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.limits = config.kioskWire.connectLimit;
    const anyLimit = this.limits.perKioskPerMin > 0 || this.limits.failuresPerMinPerIp > 0;
    this.redis = anyLimit ? this.connect(config) : null;
  }

  private connect(config: AppConfig): HandshakeRedis {
    const redis = new Redis(config.restRateLimit.redisUrl, {
      keyPrefix: config.redis.keyPrefix,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: config.restRateLimit.timeoutMs,
      connectTimeout: Math.max(1000, config.restRateLimit.timeoutMs),
      lazyConnect: true,
    });
    redis.defineCommand('gcraTake', { numberOfKeys: 1, lua: GCRA_TAKE_LUA });
    redis.on('error', (err: Error) => this.noteFailure(err, false));
    return redis as HandshakeRedis;
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, CONNECT_WAIT_MS)));
    await Promise.race([this.redis.connect().catch((err: Error) => this.noteFailure(err, false)), waited]);
    clearTimeout(timer);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }

  /**
   * Notes each Engine.IO connection's client address as REST sees it (`req.ip`) while its request is
   * still there: the realtime adapter drops the request on 'connection' to save memory, so this
   * listener goes first. With TRUST_PROXY, the first address in X-Forwarded-For, read from the
   * right, that is not a trusted proxy — Express's own compiled `trust proxy` function decides, so
   * REST and the kiosk wire always agree; without it, the direct peer.
   */
  attach(engine: EngineServer): void {
    engine.prependListener('connection', (conn: EngineConnection) => {
      if (conn.request) this.addresses.set(conn, this.resolve(conn.remoteAddress, conn.request.headers));
    });
  }

  /** The client address noted for this connection (its direct peer if none was). */
  clientAddress(conn: EngineConnection): string {
    return this.addresses.get(conn) ?? conn.remoteAddress;
  }

  private resolve(peer: string, headers: IncomingHttpHeaders): string {
    this.trust ??= this.trustFn();
    const header = headers['x-forwarded-for'];
    const forwarded = typeof header === 'string' ? header.split(',').map((a) => a.trim()) : [];
    const chain = [peer, ...forwarded.reverse()];
    for (let hop = 0; hop < chain.length - 1; hop++) if (!this.trust(chain[hop], hop)) return chain[hop];
    return chain[chain.length - 1];
  }

  private trustFn(): TrustFn {
    const express = this.adapterHost.httpAdapter?.getInstance<{ get(name: string): unknown }>();
    const fn = express?.get('trust proxy fn');
    return typeof fn === 'function' ? (fn as TrustFn) : () => false;
  }

  /** Before anything else: has this address failed to authenticate too often lately? Spends nothing. */
  async checkAddress(address: string): Promise<HandshakeVerdict> {
    const perMin = this.limits.failuresPerMinPerIp;
    if (perMin === 0) return ALLOWED;
    return this.ask(`kiosk-connect-fail:${address}`, US_PER_MIN / perMin, perMin, 'address', 'peek');
  }

  /** Before the auth query: spends one handshake of this serial's budget. */
  async takeKiosk(serial: string): Promise<HandshakeVerdict> {
    const { perKioskPerMin, perKioskBurst } = this.limits;
    if (perKioskPerMin === 0) return ALLOWED;
    return this.ask(`kiosk-connect:${serial}`, US_PER_MIN / perKioskPerMin, perKioskBurst, 'kiosk');
  }

  /** After a failed authentication: spends one failure of the address's budget. */
  async noteFailedAuthentication(address: string): Promise<void> {
    const perMin = this.limits.failuresPerMinPerIp;
    if (perMin === 0) return;
    // Refusals are counted when checkAddress refuses, not here.
    await this.ask(`kiosk-connect-fail:${address}`, US_PER_MIN / perMin, perMin, null);
  }

  private async ask(
    key: string,
    intervalUs: number,
    quota: number,
    scope: 'kiosk' | 'address' | null,
    mode?: 'peek',
  ): Promise<HandshakeVerdict> {
    if (!this.redis) return ALLOWED;
    try {
      const [allowed, , retryAfterUs] = await this.redis.gcraTake(key, Math.ceil(intervalUs), quota, mode);
      if (allowed === 1 || scope === null) return ALLOWED;
      this.metrics.handshakesLimited.inc({ scope });
      return { allowed: false, retryAfterSec: Math.max(1, Math.ceil(retryAfterUs / 1_000_000)) };
    } catch (err) {
      this.noteFailure(err as Error, true);
      return ALLOWED;
    }
  }

  private noteFailure(err: Error, failedCall: boolean): void {
    if (failedCall) {
      this.metrics.handshakeLimitErrors.inc();
      this.failedSinceLog++;
    }
    const now = Date.now();
    if (now - this.lastFailureLogAt < FAIL_OPEN_LOG_INTERVAL_MS) return;
    this.lastFailureLogAt = now;
    this.logger.warn(
      { err: err.message, checksLetThroughSinceLastLog: this.failedSinceLog },
      'kiosk handshake limiter cannot use Redis: handshakes go through unlimited until it is back',
    );
    this.failedSinceLog = 0;
  }
}
