import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Where tests create their databases: a server the test role may CREATE DATABASE on. */
export const TEST_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_DB_PREFIX = 'kiosk_t_';

/**
 * Every database of one `jest` run carries the run's id (its start time, base 36), so several runs at
 * once — two terminals, or CI beside a developer — never drop each other's databases.
 */
export function newTestRunId(): string {
  return `${Date.now().toString(36)}_${process.pid}`;
}

export const templateDatabaseName = (runId: string) => `${TEST_DB_PREFIX}${runId}_template`;

/** Set by the global setup for the test workers. */
export function currentTestRunId(): string {
  const id = process.env.KIOSK_TEST_RUN_ID;
  if (!id)
    throw new Error(
      'KIOSK_TEST_RUN_ID is not set: run the e2e tests through jest (test/support/global-setup.ts)',
    );
  return id;
}

/** When the run that made a test database started, from its name; undefined for other names. */
export function testDatabaseStartedAt(name: string): Date | undefined {
  const m = new RegExp(`^${TEST_DB_PREFIX}([0-9a-z]+)_`).exec(name);
  return m ? new Date(parseInt(m[1], 36)) : undefined;
}

export function databaseUrl(name: string, base = TEST_ADMIN_URL): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for one test file, copied from the run's migrated template: copying is ~50 ms,
 * far cheaper than migrating, and every file starts from the same schema without seeing another's rows.
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const runId = currentTestRunId();
  const name = `${TEST_DB_PREFIX}${runId}_${randomBytes(4).toString('hex')}`;
  await withAdminClient((c) =>
    c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabaseName(runId)}"`),
  );
  return {
    url: databaseUrl(name),
    drop: () =>
      withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
