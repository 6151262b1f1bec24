import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The kiosk module's public read models: the only way other modules' SQL may see its tables
 * (docs/architecture.md, "Cross-module reads"). Plain single-table views, so PostgreSQL inlines
 * them and a query through a view plans exactly as it did on the table (same indexes, same joins).
 * - `kiosk_facts_v`: what a kiosk is (identity, registered location, tags). Alert scopes and
 *   location drift, and the notification emails, read it.
 * - `kiosk_liveness_v`: its liveness signals and derived status. The alert module's set-based
 *   liveness sweep and site-incident count join it with their own tables.
 * Columns are only ever added here; renaming or dropping one is a breaking change for the readers.
 */
export class KioskReadModels1764655000000 implements MigrationInterface {
  name = 'KioskReadModels1764655000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW kiosk_facts_v AS
        SELECT id, serial, name, address, lat, lng, tags FROM kiosks`);
    await q.query(`
      CREATE VIEW kiosk_liveness_v AS
        SELECT kiosk_id, status, connected, reporting, last_seen_at FROM kiosk_state`);
    await q.query(`COMMENT ON VIEW kiosk_facts_v IS
      'Kiosk module public read model: identity, registered location, tags (read-only for other modules)'`);
    await q.query(`COMMENT ON VIEW kiosk_liveness_v IS
      'Kiosk module public read model: liveness signals and status (read-only for other modules)'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW kiosk_liveness_v`);
    await q.query(`DROP VIEW kiosk_facts_v`);
  }
}
