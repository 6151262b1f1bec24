import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';
import {
  databaseUrl,
  newTestRunId,
  TEST_DB_PREFIX,
  templateDatabaseName,
  testDatabaseStartedAt,
  withAdminClient,
} from '../../libs/database/src/testing/test-database';

// A run's databases left behind by a killed run are dropped by a later run, once surely stale.
const STALE_AFTER_MS = 3 * 3600_000;

/**
 * Runs once per `jest` run: migrates this run's template database that every e2e file then clones.
 * The run id reaches the test workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const runId = newTestRunId();
  process.env.KIOSK_TEST_RUN_ID = runId;
  const template = templateDatabaseName(runId);
  await withAdminClient(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${TEST_DB_PREFIX}%`],
    );
    for (const { datname } of rows) {
      const started = testDatabaseStartedAt(datname);
      if (started && Date.now() - started.getTime() > STALE_AFTER_MS) {
        await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    }
    await c.query(`CREATE DATABASE "${template}"`);
  });
  const ds = new DataSource({
    type: 'postgres',
    url: databaseUrl(template),
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
  });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}
