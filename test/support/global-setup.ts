import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';
import {
  databaseUrl,
  TEST_DB_PREFIX,
  TEST_TEMPLATE_DB,
  withAdminClient,
} from '../../libs/database/src/testing/test-database';

/**
 * Runs once per `jest` run: migrates a template database that every e2e file then clones. Also
 * drops databases left behind by earlier runs that were killed before their cleanup ran.
 */
export default async function globalSetup(): Promise<void> {
  await withAdminClient(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${TEST_DB_PREFIX}%`],
    );
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${TEST_TEMPLATE_DB}"`);
  });
  const ds = new DataSource({
    type: 'postgres',
    url: databaseUrl(TEST_TEMPLATE_DB),
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
