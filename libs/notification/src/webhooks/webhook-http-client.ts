import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, InjectAppConfig } from '@app/core';
import { isPrivateAddress } from './webhook-target';

/** Private and loopback targets are allowed outside production, and in production only when configured. */
export function allowPrivateTargets(config: AppConfig): boolean {
  return !config.isProduction || config.webhooks.allowPrivate;
}

export interface WebhookResponse {
  /** null when no response came (connection refused, timeout, refused address). */
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

const MAX_ERROR_BODY = 512;

/**
 * Checks the addresses at connect time too: a name that resolved to a public address when the
 * webhook was saved may resolve to an internal one now (DNS rebinding).
 */
function guardedLookup(): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const internal = addresses.find((a) => isPrivateAddress(a.address));
      if (internal) {
        return callback(new Error(`refused: ${hostname} resolves to ${internal.address}`), '', 0);
      }
      if ((options as { all?: boolean }).all) {
        (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      } else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * POSTs webhook bodies over keep-alive connections (one TLS/TCP handshake per receiver, not per
 * delivery). Redirects are not followed: a 3xx is a failed attempt, so a receiver cannot bounce a
 * delivery to an internal address.
 */
@Injectable()
export class WebhookHttpClient implements OnApplicationShutdown {
  private readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16 });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16 });
  private readonly allowPrivate: boolean;
  private readonly lookup: LookupFunction | undefined;

  constructor(@InjectAppConfig() private readonly config: AppConfig) {
    this.allowPrivate = allowPrivateTargets(config);
    this.lookup = this.allowPrivate ? undefined : guardedLookup();
  }

  post(rawUrl: string, body: string, headers: Record<string, string>): Promise<WebhookResponse> {
    const started = performance.now();
    const done = (statusCode: number | null, error: string | null): WebhookResponse => ({
      statusCode,
      error,
      latencyMs: Math.round(performance.now() - started),
    });
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return Promise.resolve(done(null, 'invalid URL'));
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!this.allowPrivate && isIP(host) && isPrivateAddress(host)) {
      return Promise.resolve(done(null, `refused: private address ${host}`));
    }
    const https = url.protocol === 'https:';
    return new Promise((resolve) => {
      const req = (https ? httpsRequest : httpRequest)(
        url,
        {
          method: 'POST',
          agent: https ? this.httpsAgent : this.httpAgent,
          lookup: this.lookup,
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            'user-agent': 'kiosk-fleet-webhooks/1',
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            if (size < MAX_ERROR_BODY) chunks.push(c);
            size += c.length;
          });
          res.on('end', () => {
            clearTimeout(timer);
            const status = res.statusCode ?? 0;
            const ok = status >= 200 && status < 300;
            const snippet = Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY);
            resolve(done(status, ok ? null : `HTTP ${status}${snippet ? `: ${snippet}` : ''}`));
          });
          res.on('error', (e) => {
            clearTimeout(timer);
            resolve(done(status(res.statusCode), e.message));
          });
        },
      );
      const timer = setTimeout(
        () => req.destroy(new Error(`timeout after ${this.config.webhooks.timeoutMs} ms`)),
        this.config.webhooks.timeoutMs,
      );
      req.on('error', (e) => {
        clearTimeout(timer);
        resolve(done(null, e.message));
      });
      req.end(body);
    });
  }

  onApplicationShutdown(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function status(code: number | undefined): number | null {
  return code ?? null;
}
