import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { RecordTelemetryResult } from '@app/contracts';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '@app/database';
import { TELEMETRY_MODULE, TelemetryBatchWriter } from '@app/telemetry';
import { freePort, startTestApp, TestApp } from './support/test-app';
import { telemetryReading } from './support/telemetry-fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The shared PostgreSQL serves every other test file, so the outage happens on a private embedded
 * server: stopped mid-stream, then started again on the same data directory and port.
 */
describe('telemetry store: PostgreSQL stops mid-stream', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-telemetry-pg-'));
  // as root the server runs as the `postgres` OS user, which must be able to reach the directory
  chmodSync(dir, 0o755);
  let port = 0;
  // restarted on the same port, so the app's pool reconnects to the same URL
  const start = () => startEmbeddedPostgres({ dir: join(dir, 'pg'), port, onLog: () => undefined });
  let pg: EmbeddedPostgresHandle | undefined;
  let t: TestApp | undefined;

  afterAll(async () => {
    await t?.close();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged reading, and stores the pending ones once the server is back', async () => {
    port = await freePort();
    pg = await start();
    t = await startTestApp({
      databaseUrl: pg.url,
      domainModules: [TELEMETRY_MODULE],
      env: { DB_MIGRATE_ON_START: 'true' },
    });
    const writer = t.app.get(TelemetryBatchWriter);
    const outcome = new Map<number, RecordTelemetryResult | Error>();
    const writes: Array<Promise<unknown>> = [];
    let seq = 0;
    const stream = async (count: number) => {
      for (let i = 0; i < count; i++, seq++) {
        const s = seq;
        writes.push(
          writer.write(telemetryReading({ kioskId: 7, seq: s })).then(
            (r) => outcome.set(s, r),
            (e: unknown) => outcome.set(s, e as Error),
          ),
        );
        await sleep(2);
      }
    };

    await stream(100);
    await Promise.all(writes);
    // the server goes away while readings keep arriving
    const stopping = pg.stop();
    await stream(150);
    await stopping;
    await stream(100);
    const acknowledgedBeforeRestart = [...outcome.entries()].filter(([, r]) => !(r instanceof Error));
    const pendingAtRestart = 350 - outcome.size;
    expect(acknowledgedBeforeRestart.length).toBeGreaterThanOrEqual(100);
    expect(pendingAtRestart).toBeGreaterThan(100);
    expect([...outcome.values()].filter((r) => r instanceof Error)).toEqual([]);

    pg = await start();
    await Promise.all(writes);
    expect([...outcome.values()].filter((r) => r instanceof Error)).toEqual([]);
    // a batch whose commit reply was lost in the outage is retried and answers duplicate: still stored
    expect([...outcome.values()].every((r) => !(r instanceof Error) && (r.stored || r.duplicate))).toBe(true);

    const rows = (await t.app
      .get(DataSource)
      .query(`SELECT seq::int AS seq FROM telemetry WHERE kiosk_id = 7 ORDER BY seq`)) as Array<{
      seq: number;
    }>;
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 350 }, (_, i) => i));
  }, 90_000);
});
