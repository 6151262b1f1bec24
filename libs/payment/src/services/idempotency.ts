import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AppConfig,
  conflict,
  DOMAIN_ERROR_STATUS,
  DomainError,
  DomainErrorKind,
  FieldError,
  InjectAppConfig,
  unprocessable,
} from '@app/core';
import { queryRecords } from '@app/database';

/** What a payment route answers: its HTTP status and body. */
export interface RouteOutcome<T> {
  status: number;
  body: T;
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed?: boolean;
}

interface StoredError {
  kind: DomainErrorKind;
  message: string;
  details: FieldError[];
}

interface KeyRow {
  request_hash: Buffer;
  state: 'in_progress' | 'done';
  response_status: number | null;
  response_body: unknown;
}

/** A request still running under the same key is waited for this long before a 409. */
const WAIT_FOR_OTHER_MS = 10_000;
/** An in_progress key older than this belongs to a process that died mid-request: it may be taken over. */
const ABANDONED_AFTER_SEC = 60;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

export function requestFingerprint(request: unknown): Buffer {
  return createHash('sha256')
    .update(JSON.stringify(canonical(request)))
    .digest();
}

/**
 * Stripe semantics for `Idempotency-Key` on the payment routes, per user: the first request with a
 * key runs and its answer (success or a 4xx refusal) is stored; the same key with the same request
 * within the TTL gets that answer again without running anything; the same key with another request
 * is a 422. A request arriving while the first one still runs waits for its answer. Unexpected
 * failures (5xx) store nothing, so the client may retry.
 */
@Injectable()
export class IdempotencyStore {
  private readonly ttlSec: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectAppConfig() config: AppConfig,
  ) {
    this.ttlSec = config.payments.idempotencyTtlSec;
  }

  async run<T>(
    userId: string,
    key: string | undefined,
    request: unknown,
    work: () => Promise<RouteOutcome<T>>,
  ): Promise<RouteOutcome<T>> {
    if (key === undefined) return work();
    const hash = requestFingerprint(request);
    const deadline = Date.now() + WAIT_FOR_OTHER_MS;
    for (;;) {
      if (await this.claim(userId, key, hash)) break;
      const [row] = await queryRecords<KeyRow>(
        this.dataSource,
        `SELECT request_hash, state, response_status, response_body FROM payment_idempotency_keys
          WHERE user_id = $1 AND key = $2`,
        [userId, key],
      );
      if (!row) continue; // expired and deleted in between: claim again
      if (!row.request_hash.equals(hash)) {
        throw unprocessable('Idempotency-Key was already used with a different request', [
          { field: 'Idempotency-Key', message: 'was used with a different request' },
        ]);
      }
      if (row.state === 'done') return this.replay<T>(row);
      if (Date.now() > deadline)
        throw conflict('A request with this Idempotency-Key is still being processed');
      await new Promise((r) => setTimeout(r, 25));
    }
    try {
      const outcome = await work();
      await this.store(userId, key, outcome.status, outcome.body);
      return outcome;
    } catch (e) {
      if (e instanceof DomainError && DOMAIN_ERROR_STATUS[e.kind] < 500) {
        const body: StoredError = { kind: e.kind, message: e.message, details: e.details };
        await this.store(userId, key, DOMAIN_ERROR_STATUS[e.kind], body);
      } else {
        await this.dataSource.query(`DELETE FROM payment_idempotency_keys WHERE user_id = $1 AND key = $2`, [
          userId,
          key,
        ]);
      }
      throw e;
    }
  }

  /** Deletes keys past their TTL; returns how many. */
  async purgeExpired(): Promise<number> {
    const rows = await queryRecords<{ key: string }>(
      this.dataSource,
      `DELETE FROM payment_idempotency_keys WHERE created_at < now() - make_interval(secs => $1) RETURNING key`,
      [this.ttlSec],
    );
    return rows.length;
  }

  /** Takes the key for this request: new, expired, or abandoned by a dead process. */
  private async claim(userId: string, key: string, hash: Buffer): Promise<boolean> {
    const rows = await queryRecords<{ key: string }>(
      this.dataSource,
      `INSERT INTO payment_idempotency_keys AS k (user_id, key, request_hash, state)
       VALUES ($1, $2, $3, 'in_progress')
       ON CONFLICT (user_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, state = 'in_progress', response_status = NULL,
             response_body = NULL, created_at = now()
         WHERE k.created_at < now() - make_interval(secs => $4)
            OR (k.state = 'in_progress' AND k.created_at < now() - make_interval(secs => $5))
       RETURNING k.key`,
      [userId, key, hash, this.ttlSec, ABANDONED_AFTER_SEC],
    );
    return rows.length > 0;
  }

  private async store(userId: string, key: string, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE payment_idempotency_keys SET state = 'done', response_status = $3, response_body = $4::jsonb
        WHERE user_id = $1 AND key = $2`,
      [userId, key, status, JSON.stringify(body)],
    );
  }

  private replay<T>(row: KeyRow): RouteOutcome<T> {
    const status = row.response_status ?? 500;
    if (status >= 400) {
      const e = row.response_body as StoredError;
      throw new DomainError(e.kind, e.message, e.details);
    }
    return { status, body: row.response_body as T, replayed: true };
  }
}
