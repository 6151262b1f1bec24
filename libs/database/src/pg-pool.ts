import type { Pool } from 'pg';
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
