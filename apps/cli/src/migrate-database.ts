import { DataSource } from 'typeorm';
import { ConfigValidationError, loadAppConfig } from '@app/core';
import { buildDataSourceOptions, runMigrationsLocked } from '@app/database';

export type MigrateOutcome =
  { ok: true; applied: string[] } | { ok: false; exitCode: 1 | 2; message: string };

/**
 * `cli migrate`: applies every pending migration once and returns. It is what a Kubernetes migration
 * Job and the compose `migrate` service run, so API and worker can start with DB_MIGRATE_ON_START=false
 * (the production default) on a schema that is already current. The environment is validated exactly
 * as at API start-up (production refuses a missing DATABASE_URL or JWT_SECRET here too), and the same
 * advisory lock as start-up migrations is taken, so it is safe beside instances that migrate on start.
 * There is no embedded PostgreSQL here: migrating a database nobody else reaches would be a no-op.
 */
export async function migrateDatabase(env: Record<string, string | undefined>): Promise<MigrateOutcome> {
  let url: string | undefined;
  try {
    url = loadAppConfig(env).database.url;
  } catch (e) {
    if (e instanceof ConfigValidationError) return { ok: false, exitCode: 2, message: e.message };
    throw e;
  }
  if (!url) {
    return { ok: false, exitCode: 2, message: 'DATABASE_URL must be set: migrate changes that database' };
  }
  let dataSource: DataSource | undefined;
  try {
    dataSource = await new DataSource(buildDataSourceOptions(url, 2)).initialize();
    return { ok: true, applied: await runMigrationsLocked(dataSource) };
  } catch (e) {
    return {
      ok: false,
      exitCode: 1,
      message: `migration failed: ${e instanceof Error ? e.message : String(e)}`,
    };
  } finally {
    await dataSource?.destroy().catch(() => undefined);
  }
}
