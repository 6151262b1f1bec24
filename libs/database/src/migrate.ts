import { DataSource } from 'typeorm';

// An arbitrary constant; all instances of this system agree on it.
const MIGRATION_LOCK_KEY = 727_114_001;

/**
 * Applies pending migrations under a Postgres advisory lock, so that several instances starting at
 * once do not race to create the same tables. Returns the names of the migrations applied.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
