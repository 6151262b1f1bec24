import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool } from 'pg';
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
 * and a small pool of their own (LONG_READ_POOL_SIZE) whose sessions are read-only and carry the
 * statement timeout. However many long reads run, and however slowly their clients read, the pool
 * that acks kiosk telemetry never waits behind them, and none of their statements outlives the
 * timeout.
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
   * One statement on the long-read pool: the connection is held for that statement only and goes
   * back before the rows are returned. A statement past the timeout, or a wait for a connection
   * as long, is a 503 (`overloaded`) with a message saying what to change.
   */
  async query<T>(sql: string, params: unknown[]): Promise<T[]> {
    try {
      const { rows } = await this.readPool().query(sql, params);
      return rows as T[];
    } catch (e) {
      throw this.translate(e);
    }
  }

  async onModuleDestroy(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  /**
   * The long reads' own pool, made on first use with the main pool's connection settings (URL,
   * credentials, `TimeZone=UTC`). Session settings instead of `SET LOCAL` in a transaction per
   * statement: one round trip per keyset chunk instead of three, and no statement on this pool
   * can forget them.
   * - `statement_timeout`: no statement holds a connection longer.
   * - `default_transaction_read_only`: this pool only reads.
   * - `enable_sort = off`: its statements are keyset chunks (`ORDER BY … LIMIT` after a key) or
   *   one kiosk's range, which should walk an index in order. With stale estimates (right after a
   *   bulk load) the planner would otherwise sort every remaining row for each chunk, making an
   *   export of n rows cost n²/chunk. Sorting is only priced out: without such an index it still sorts.
   */
  private readPool(): Pool {
    if (this.pool) return this.pool;
    const main = pgPool(this.dataSource).options;
    const timeoutMs = Math.trunc(this.settings.statementTimeoutMs);
    const pool = new Pool({
      ...main,
      password: main.password, // not enumerable in pg-pool's copy of the options
      max: this.settings.poolSize,
      connectionTimeoutMillis: timeoutMs,
      application_name: `${main.application_name ?? 'kiosk-fleet'}-long-reads`,
      options: [
        main.options,
        `-c statement_timeout=${timeoutMs}`,
        '-c default_transaction_read_only=on',
        '-c enable_sort=off',
      ]
        .filter(Boolean)
        .join(' '),
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
