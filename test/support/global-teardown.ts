import { templateDatabaseName, withAdminClient } from '../../libs/database/src/testing/test-database';

/** Drops this run's template (each test file drops its own copy). */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env.KIOSK_TEST_RUN_ID;
  if (!runId) return;
  await withAdminClient((c) =>
    c.query(`DROP DATABASE IF EXISTS "${templateDatabaseName(runId)}" WITH (FORCE)`),
  );
}
