import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrateDatabase } from '../apps/cli/src/migrate-database';
import { ALL_MIGRATIONS } from '../migrations';
import {
  currentTestRunId,
  databaseUrl,
  TEST_DB_PREFIX,
  withAdminClient,
} from '../libs/database/src/testing/test-database';

/**
 * `cli migrate` is what the Kubernetes migration Job and the compose `migrate` service run before
 * the API and worker start with DB_MIGRATE_ON_START=false. It runs against empty databases here
 * (not the migrated template), the way a first deployment meets its managed PostgreSQL.
 */
describe('cli migrate (the deployment migration step)', () => {
  const created: string[] = [];
  const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex') };
  const allNames = ALL_MIGRATIONS.map((m) => new m().name);

  async function emptyDatabase(): Promise<string> {
    const name = `${TEST_DB_PREFIX}${currentTestRunId()}_mig_${randomBytes(4).toString('hex')}`;
    await withAdminClient((c) => c.query(`CREATE DATABASE "${name}"`));
    created.push(name);
    return databaseUrl(name);
  }

  async function appliedRows(url: string): Promise<string[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const exists = await client.query<{ t: string | null }>(
        `SELECT to_regclass('typeorm_migrations') AS t`,
      );
      if (!exists.rows[0].t) return [];
      const { rows } = await client.query<{ name: string }>(
        'SELECT name FROM typeorm_migrations ORDER BY id',
      );
      return rows.map((r) => r.name);
    } finally {
      await client.end();
    }
  }

  afterAll(async () => {
    await withAdminClient(async (c) => {
      for (const name of created) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
  });

  it('applies every migration in order to an empty database, then finds nothing to do', async () => {
    const url = await emptyDatabase();
    await expect(migrateDatabase({ ...PRODUCTION, DATABASE_URL: url })).resolves.toEqual({
      ok: true,
      applied: allNames,
      pending: [],
    });
    expect(await appliedRows(url)).toEqual(allNames);
    await expect(migrateDatabase({ ...PRODUCTION, DATABASE_URL: url })).resolves.toEqual({
      ok: true,
      applied: [],
      pending: [],
    });
    expect(await appliedRows(url)).toEqual(allNames);
  }, 60_000);

  it('--check lists what is pending and changes nothing (what the pods wait on before starting)', async () => {
    const url = await emptyDatabase();
    await expect(migrateDatabase({ ...PRODUCTION, DATABASE_URL: url }, 'check')).resolves.toEqual({
      ok: true,
      applied: [],
      pending: allNames,
    });
    expect(await appliedRows(url)).toEqual([]);
    // a database one release behind: only the newest migration is pending
    const client = new Client({ connectionString: url });
    await migrateDatabase({ ...PRODUCTION, DATABASE_URL: url });
    await client.connect();
    await client.query('DELETE FROM typeorm_migrations WHERE name = $1', [allNames[allNames.length - 1]]);
    await client.end();
    await expect(migrateDatabase({ ...PRODUCTION, DATABASE_URL: url }, 'check')).resolves.toEqual({
      ok: true,
      applied: [],
      pending: [allNames[allNames.length - 1]],
    });
  }, 60_000);

  it('two Jobs at once (a retried Job beside a slow one) apply each migration exactly once', async () => {
    const url = await emptyDatabase();
    const [a, b] = await Promise.all([
      migrateDatabase({ ...PRODUCTION, DATABASE_URL: url }),
      migrateDatabase({ ...PRODUCTION, DATABASE_URL: url }),
    ]);
    expect(a.ok && b.ok).toBe(true);
    const applied = [...(a.ok ? a.applied : []), ...(b.ok ? b.applied : [])];
    expect(applied.sort()).toEqual([...allNames].sort());
    expect(await appliedRows(url)).toEqual(allNames);
  }, 60_000);

  it('refuses production without JWT_SECRET, like the API, and touches nothing', async () => {
    const url = await emptyDatabase();
    const outcome = await migrateDatabase({ NODE_ENV: 'production', DATABASE_URL: url });
    expect(outcome).toEqual({ ok: false, exitCode: 2, message: expect.stringContaining('JWT_SECRET') });
    expect(await appliedRows(url)).toEqual([]);
  });

  it('refuses to run without DATABASE_URL (no embedded PostgreSQL for a migration step)', async () => {
    await expect(migrateDatabase({ NODE_ENV: 'development' })).resolves.toEqual({
      ok: false,
      exitCode: 2,
      message: expect.stringContaining('DATABASE_URL must be set'),
    });
    await expect(
      migrateDatabase({ NODE_ENV: 'production', JWT_SECRET: PRODUCTION.JWT_SECRET }),
    ).resolves.toEqual({
      ok: false,
      exitCode: 2,
      message: expect.stringContaining('DATABASE_URL'),
    });
  });

  it('lists every invalid setting at once (exit 2) instead of connecting', async () => {
    const outcome = await migrateDatabase({ DATABASE_URL: 'mysql://x@127.0.0.1/db', DB_POOL_SIZE: '0' });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.exitCode).toBe(2);
    expect(outcome.message).toContain('DATABASE_URL');
    expect(outcome.message).toContain('DB_POOL_SIZE');
  });

  it('fails with exit 1 and the reason when the database cannot be reached', async () => {
    const missing = databaseUrl(`${TEST_DB_PREFIX}${currentTestRunId()}_does_not_exist`);
    await expect(migrateDatabase({ ...PRODUCTION, DATABASE_URL: missing })).resolves.toEqual({
      ok: false,
      exitCode: 1,
      message: expect.stringMatching(/^migration failed: .*does not exist/),
    });
    await expect(migrateDatabase({ ...PRODUCTION, DATABASE_URL: missing }, 'check')).resolves.toEqual({
      ok: false,
      exitCode: 1,
      message: expect.stringMatching(/^migration check failed: .*does not exist/),
    });
  });
});
