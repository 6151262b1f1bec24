import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig, GcraBudget, GcraLimiterClient, InjectAppConfig } from '@app/core';
import { KioskWireMetrics } from './kiosk-wire-metrics';

const US_PER_MIN = 60_000_000;

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
 * random serials cost one Redis call each once an address has failed often enough. Both are asked
 * in one round trip. Shares the REST limiter's GCRA client; like it, it fails open — an unreachable
 * Redis lets handshakes through (counted, logged once a minute): kiosks connecting matters more
 * than an exact limit.
 */
@Injectable()
export class KioskHandshakeLimiter implements OnModuleInit, OnApplicationShutdown {
  private readonly client: GcraLimiterClient | null;
  private readonly limits: AppConfig['kioskWire']['connectLimit'];
  private trust: TrustFn | null = null;
  private readonly addresses = new WeakMap<EngineConnection, string>();

  constructor(
    @InjectAppConfig() config: AppConfig,
    private readonly metrics: KioskWireMetrics,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.limits = config.kioskWire.connectLimit;
    const anyLimit = this.limits.perKioskPerMin > 0 || this.limits.failuresPerMinPerIp > 0;
    this.client = anyLimit
      ? new GcraLimiterClient({
          redisUrl: config.restRateLimit.redisUrl,
          keyPrefix: config.redis.keyPrefix,
          timeoutMs: config.restRateLimit.timeoutMs,
          logger: new Logger(KioskHandshakeLimiter.name),
          failOpenMessage:
            'kiosk handshake limiter cannot use Redis: handshakes go through unlimited until it is back',
          onFailedOpen: () => metrics.handshakeLimitErrors.inc(),
        })
      : null;
  }

  async onModuleInit(): Promise<void> {
    await this.client?.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.close();
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

  /**
   * Before the auth query, in one round trip: has this address failed to authenticate too often
   * lately (spends nothing), and then, for well-formed credentials, one handshake of the serial's
   * budget. `serial` null: the credentials are malformed, only the address is asked.
   */
  async admit(address: string, serial: string | null): Promise<HandshakeVerdict> {
    const byAddress = this.addressBudget(address);
    const byKiosk = serial === null ? null : this.kioskBudget(serial);
    if (!this.client || (!byAddress && !byKiosk)) return ALLOWED;
    if (byAddress && byKiosk) {
      const reply = await this.client.peekThenTake(byAddress, byKiosk);
      if (!reply || reply[0] === 0) return ALLOWED;
      return this.refused(reply[0] === 1 ? 'address' : 'kiosk', reply[3]);
    }
    const reply = await this.client.take((byAddress ?? byKiosk) as GcraBudget, byAddress !== null);
    if (!reply || reply[0] === 1) return ALLOWED;
    return this.refused(byAddress ? 'address' : 'kiosk', reply[2]);
  }

  /** After a failed authentication: spends one failure of the address's budget. */
  async noteFailedAuthentication(address: string): Promise<void> {
    const budget = this.addressBudget(address);
    // Refusals are counted when admit refuses, not here.
    if (budget && this.client) await this.client.take(budget);
  }

  private addressBudget(address: string): GcraBudget | null {
    const perMin = this.limits.failuresPerMinPerIp;
    if (perMin === 0) return null;
    return { key: `kiosk-connect-fail:${address}`, intervalUs: US_PER_MIN / perMin, quota: perMin };
  }

  private kioskBudget(serial: string): GcraBudget | null {
    const { perKioskPerMin, perKioskBurst } = this.limits;
    if (perKioskPerMin === 0) return null;
    return { key: `kiosk-connect:${serial}`, intervalUs: US_PER_MIN / perKioskPerMin, quota: perKioskBurst };
  }

  private refused(scope: 'kiosk' | 'address', retryAfterUs: number): HandshakeVerdict {
    this.metrics.handshakesLimited.inc({ scope });
    return { allowed: false, retryAfterSec: Math.max(1, Math.ceil(retryAfterUs / 1_000_000)) };
  }
}
