import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { DomainError, MetricsService } from '@app/core';
import { pgPool } from '../pg-pool';
import { LongReadGate, LongReadKind, LongReadRefusal, LongReadSlot } from './long-read-gate';
import { longReadMetrics } from './long-read-metrics';

export const LONG_READ_SETTINGS = Symbol('LONG_READ_SETTINGS');

export interface LongReadSettings {
  statementTimeoutMs: number;
  maxPerUser: number;
  maxPerInstance: number;
  /** Connections of the long reads' own pool. */
  poolSize: number;
}

/** PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout (or a cancel request). */
const QUERY_CANCELED = '57014';
/** What pg-pool rejects with when no connection came free within `connectionTimeoutMillis`. */
const POOL_WAIT_TIMEOUT = 'timeout exceeded when trying to connect';

/**
 * Reads that can run long (CSV exports, telemetry over long ranges): a concurrency gate per kind,
 * and statements that run in a short read-only transaction with `SET LOCAL statement_timeout` on a
 * small pool of their own (LONG_READ_POOL_SIZE). However many long reads run, and however slowly
 * their clients read, the pool that acks kiosk telemetry never waits behind them.
 */
@Injectable()
export class LongReads implements OnModuleDestroy {
  private readonly logger = new Logger(LongReads.name);
  private readonly gate: LongReadGate;
  private pool: Pool | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LONG_READ_SETTINGS) readonly settings: LongReadSettings,
    metrics: MetricsService,
  ) {
    this.gate = new LongReadGate(settings, longReadMetrics(metrics.registry));
  }

  /** Takes a place for `principal`, or says which cap refused it. */
  tryEnter(kind: LongReadKind, principal: string): LongReadSlot | LongReadRefusal {
    return this.gate.tryEnter(kind, principal);
  }

  active(kind: LongReadKind): number {
    return this.gate.active(kind);
  }

  /**
   * One statement under the statement timeout; the connection goes back to the pool before the
   * rows are returned. A timeout is a 503 (`overloaded`) with a message saying what to change.
   *
   * `keysetChunk`: the statement is one chunk of a keyset walk (`ORDER BY … LIMIT` after a key).
   * Sorting is then priced out, so the planner walks the index in order from the key: with stale
   * estimates (right after a bulk load) it would otherwise sort every remaining row for each chunk,
   * and an export of n rows would cost n²/chunk. Where no such index exists it still sorts.
   */
  async query<T>(sql: string, params: unknown[], opts: { keysetChunk?: boolean } = {}): Promise<T[]> {
    const client: PoolClient = await this.readPool()
      .connect()
      .catch((e: unknown) => {
        throw this.translate(e);
      });
    let broken: Error | undefined;
    try {
      // An integer from validated config: safe to inline, and it saves a round trip.
      await client.query(
        `BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.trunc(this.settings.statementTimeoutMs)}` +
          (opts.keysetChunk ? '; SET LOCAL enable_sort = off' : ''),
      );
      const { rows } = await client.query(sql, params);
      await client.query('COMMIT');
      return rows as T[];
    } catch (e) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw this.translate(e);
    } finally {
      // A connection whose rollback failed is in an unknown state: the pool drops it.
      client.release(broken);
    }
  }

  async onModuleDestroy(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  /**
   * The long reads' own pool, made on first use with the main pool's connection settings (URL,
   * credentials, `TimeZone=UTC`, …). Waiting for one of its connections is bounded by the timeout.
   */
  private readPool(): Pool {
    if (this.pool) return this.pool;
    const main = pgPool(this.dataSource).options;
    const pool = new Pool({
      ...main,
      password: main.password, // not enumerable in pg-pool's copy of the options
      max: this.settings.poolSize,
      connectionTimeoutMillis: this.settings.statementTimeoutMs,
      application_name: `${main.application_name ?? 'kiosk-fleet'}-long-reads`,
    });
    pool.on('error', (e) => this.logger.warn(`idle long-read connection failed: ${e.message}`));
    return (this.pool = pool);
  }

  private translate(e: unknown): unknown {
    if (e instanceof Error && e.message === POOL_WAIT_TIMEOUT) {
      return new DomainError('overloaded', 'Too many long reads are waiting for the database; retry later');
    }
    if ((e as { code?: string } | null)?.code !== QUERY_CANCELED) return e;
    const seconds = this.settings.statementTimeoutMs / 1000;
    return new DomainError(
      'overloaded',
      `The query was stopped after the ${seconds} s statement timeout; narrow the filters or the time range`,
    );
  }
}
