import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs raw SQL and returns its rows, whatever the statement. (TypeORM's plain `query()` answers
 * `[rows, count]` for UPDATE/DELETE … RETURNING but `rows` for SELECT/INSERT.) Inside a
 * transaction, pass its manager so the statement joins it.
 */
export async function queryRecords<T>(
  target: DataSource | EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const joined = target instanceof EntityManager ? target.queryRunner : undefined;
  const runner = joined ?? (target instanceof DataSource ? target : target.connection).createQueryRunner();
  try {
    const result = await runner.query(sql, params, true);
    return result.records as T[];
  } finally {
    if (!joined) await runner.release();
  }
}
