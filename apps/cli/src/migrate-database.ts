import { DataSource } from 'typeorm';
import { ConfigValidationError, loadAppConfig } from '@app/core';
import { buildDataSourceOptions, runMigrationsLocked } from '@app/database';

export type MigrateMode = 'apply' | 'check';

export type MigrateOutcome =
  { ok: true; applied: string[]; pending: string[] } | { ok: false; exitCode: 1 | 2; message: string };

/**
 * `cli migrate`: applies every pending migration once and returns. It is what the Kubernetes
 * migration Job and the compose `migrate` service run, so API and worker start with
 * DB_MIGRATE_ON_START=false (the production default) on a schema that is already current.
 * `cli migrate --check` (mode `check`) changes nothing and lists what is pending: the API and worker
 * pods wait on it in an init container until the Job has run, instead of migrating themselves.
 *
 * The environment is validated exactly as at API start-up (production refuses a missing DATABASE_URL
 * or JWT_SECRET here too), and the same advisory lock as start-up migrations is taken, so a retried
 * Job beside a slow one, or instances that migrate on start, apply each migration once. There is no
 * embedded PostgreSQL here: migrating a database nobody else reaches would be a no-op.
 */
export async function migrateDatabase(
  env: Record<string, string | undefined>,
  mode: MigrateMode = 'apply',
): Promise<MigrateOutcome> {
  let url: string | undefined;
  try {
    url = loadAppConfig(env).database.url;
  } catch (e) {
    if (e instanceof ConfigValidationError) return { ok: false, exitCode: 2, message: e.message };
    throw e;
  }
  if (!url) {
    return { ok: false, exitCode: 2, message: 'DATABASE_URL must be set: migrate works on that database' };
  }
  let dataSource: DataSource | undefined;
  try {
    dataSource = await new DataSource(buildDataSourceOptions(url, 2)).initialize();
    const applied = mode === 'apply' ? await runMigrationsLocked(dataSource) : [];
    return { ok: true, applied, pending: await pendingMigrations(dataSource) };
  } catch (e) {
    return {
      ok: false,
      exitCode: 1,
      message: `migration ${mode === 'apply' ? 'failed' : 'check failed'}: ${e instanceof Error ? e.message : String(e)}`,
    };
  } finally {
    await dataSource?.destroy().catch(() => undefined);
  }
}

async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const [{ present }] = (await dataSource.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [
    table,
  ])) as Array<{ present: boolean }>;
  const executed = new Set<string>(
    present
      ? ((await dataSource.query(`SELECT name FROM "${table}"`)) as Array<{ name: string }>).map(
          (r) => r.name,
        )
      : [],
  );
  return dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !executed.has(name));
}
