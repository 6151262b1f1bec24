import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '@app/core';

/** How a request presenting `X-API-Key` was answered; see ApiKeyAuthenticator. */
export type ApiKeyAuthOutcome =
  /** A live key: the request goes on as the key's principal. */
  | 'accepted'
  /** Not a key's shape (length, alphabet); refused before any hashing or database work. */
  | 'malformed'
  /** Well-formed, but no key has that hash. */
  | 'unknown'
  | 'expired'
  | 'revoked'
  /** Sent together with an `Authorization` header (400). */
  | 'ambiguous';

const OUTCOMES: readonly ApiKeyAuthOutcome[] = [
  'accepted',
  'malformed',
  'unknown',
  'expired',
  'revoked',
  'ambiguous',
];

@Injectable()
export class ApiKeyMetrics {
  readonly auth: Counter<'outcome'>;

  constructor(metrics: MetricsService) {
    this.auth = new Counter({
      name: 'api_key_auth_total',
      help: 'Requests that presented X-API-Key, by outcome: accepted, malformed, unknown, expired, revoked, ambiguous (also sent a Bearer token)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    for (const outcome of OUTCOMES) this.auth.inc({ outcome }, 0);
  }

  count(outcome: ApiKeyAuthOutcome): void {
    this.auth.inc({ outcome });
  }
}
