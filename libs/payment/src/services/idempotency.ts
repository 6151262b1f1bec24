import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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

/**
 * Handed to the work of `runAtomic`: stores the key with the work's answer through the work's own
 * transaction, so the key and the effect commit together or not at all.
 */
export interface IdempotencyClaim {
  record(manager: EntityManager, outcome: RouteOutcome<unknown>): Promise<void>;
}

/** The key was stored by another request first (it committed while this one ran): replay that. */
class KeyTaken extends Error {}

/** How often a request that lost the key to a concurrent one re-reads it before giving up (409). */
const MAX_KEY_RACES = 3;

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
 * is a 422. Unexpected failures (5xx) store nothing, so the client may retry.
 *
 * Two ways to hold the key: `runAtomic` (refunds) stores it in the effect's own transaction, so no
 * crash can separate them; `run` (recording a payment, which is exactly-once by itself through
 * (kiosk, transactionId)) claims the key first and makes a concurrent duplicate wait for the answer.
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

  /**
   * For effects that must never run twice (a refund): the key row is written only by the effect's
   * own transaction (`claim.record`), with the answer, so a crash anywhere leaves either both or
   * neither — a retry after a crash runs the effect once. Nothing is held while the work runs:
   * concurrent requests with one key all run, and the first to commit wins; the others' key insert
   * conflicts, their transaction rolls back and they answer the stored result (the primary key on
   * (user, key) is the arbiter). A refusal (4xx) changed nothing and is stored on its own.
   */
  async runAtomic<T>(
    userId: string,
    key: string | undefined,
    request: unknown,
    work: (claim: IdempotencyClaim | undefined) => Promise<RouteOutcome<T>>,
  ): Promise<RouteOutcome<T>> {
    if (key === undefined) return work(undefined);
    const hash = requestFingerprint(request);
    for (let race = 0; race < MAX_KEY_RACES; race++) {
      const stored = await this.stored<T>(userId, key, hash);
      if (stored) return stored;
      let recorded = false;
      const claim: IdempotencyClaim = {
        record: async (manager, outcome) => {
          await this.insertDone(manager, userId, key, hash, outcome.status, outcome.body);
          recorded = true;
        },
      };
      try {
        const outcome = await work(claim);
        // Work with nothing of its own to commit (none today) still leaves its answer under the key.
        if (!recorded)
          await this.insertDone(this.dataSource.manager, userId, key, hash, outcome.status, outcome.body);
        return outcome;
      } catch (e) {
        if (e instanceof KeyTaken) continue;
        if (!(e instanceof DomainError) || DOMAIN_ERROR_STATUS[e.kind] >= 500) throw e;
        const body: StoredError = { kind: e.kind, message: e.message, details: e.details };
        try {
          await this.insertDone(
            this.dataSource.manager,
            userId,
            key,
            hash,
            DOMAIN_ERROR_STATUS[e.kind],
            body,
          );
        } catch (taken) {
          if (taken instanceof KeyTaken) continue;
          throw taken;
        }
        throw e;
      }
    }
    throw conflict('A request with this Idempotency-Key is still being processed');
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

  /** The live answer stored under the key (replayed, or thrown if it was a refusal); undefined if none. */
  private async stored<T>(userId: string, key: string, hash: Buffer): Promise<RouteOutcome<T> | undefined> {
    const [row] = await queryRecords<KeyRow>(
      this.dataSource,
      `SELECT request_hash, state, response_status, response_body FROM payment_idempotency_keys
        WHERE user_id = $1 AND key = $2 AND created_at >= now() - make_interval(secs => $3)`,
      [userId, key, this.ttlSec],
    );
    if (!row) return undefined;
    if (!row.request_hash.equals(hash)) {
      throw unprocessable('Idempotency-Key was already used with a different request', [
        { field: 'Idempotency-Key', message: 'was used with a different request' },
      ]);
    }
    if (row.state !== 'done') throw conflict('A request with this Idempotency-Key is still being processed');
    return this.replay<T>(row);
  }

  /** Stores an answer under a key that is free (new, past its TTL, or abandoned); KeyTaken if it is not. */
  private async insertDone(
    manager: EntityManager,
    userId: string,
    key: string,
    hash: Buffer,
    status: number,
    body: unknown,
  ): Promise<void> {
    const rows = await queryRecords<{ key: string }>(
      manager,
      `INSERT INTO payment_idempotency_keys AS k (user_id, key, request_hash, state, response_status, response_body)
       VALUES ($1, $2, $3, 'done', $4, $5::jsonb)
       ON CONFLICT (user_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, state = 'done', response_status = EXCLUDED.response_status,
             response_body = EXCLUDED.response_body, created_at = now()
         WHERE k.created_at < now() - make_interval(secs => $6)
            OR (k.state = 'in_progress' AND k.created_at < now() - make_interval(secs => $7))
       RETURNING k.key`,
      [userId, key, hash, status, JSON.stringify(body), this.ttlSec, ABANDONED_AFTER_SEC],
    );
    if (!rows.length) throw new KeyTaken();
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
