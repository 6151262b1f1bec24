import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The node-postgres pool under a TypeORM DataSource, for statements on the telemetry hot path:
 * going through a QueryRunner (created, wrapped, logged, released per statement) cost a few percent
 * of the API's CPU at fleet rate. Same connections, same limits; errors are pg's own (with `code`).
 */
export function pgPool(dataSource: DataSource): Pool {
  return (dataSource.driver as PostgresDriver).master as Pool;
}

/** A client checked out of the pool for several statements; `release` puts it back (or discards it). */
export interface CheckedOutClient {
  client: PoolClient;
  /** Discards the connection when given an error, or when the connection failed while held. */
  release: (err?: Error) => void;
}

/**
 * `pool.connect()` for a client held over several statements (a COPY and its retries, a training
 * data scan). The pool takes its own error listener off a client while it is checked out, so a
 * connection cut meanwhile (PostgreSQL stopped or restarted, a failover) was an unhandled 'error'
 * event: the whole process exited (seen under bench:faults' PostgreSQL outage). Here the error is
 * noted instead: the statement in flight fails with it as usual, and `release` discards the
 * connection rather than returning a dead one to the pool.
 */
export async function checkOutClient(pool: Pool): Promise<CheckedOutClient> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (e: Error) => {
    lost ??= e;
  };
  client.on('error', onError);
  let released = false;
  return {
    client,
    release: (err?: Error) => {
      if (released) return;
      released = true;
      client.off('error', onError);
      client.release(err ?? lost);
    },
  };
}
