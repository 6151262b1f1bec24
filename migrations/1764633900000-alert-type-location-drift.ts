import { MigrationInterface, QueryRunner } from 'typeorm';

const TYPES_BEFORE = `'threshold', 'peripheral', 'liveness', 'rate', 'ai_anomaly', 'site_incident', 'cash_mismatch'`;

/**
 * Alerts of type `location_drift` (CONTRACT §8): a kiosk reporting accurate GPS fixes far from its
 * registered location. The type is a check constraint, so it grows here.
 */
export class AlertTypeLocationDrift1764633900000 implements MigrationInterface {
  name = 'AlertTypeLocationDrift1764633900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alerts DROP CONSTRAINT alerts_type_check`);
    await q.query(
      `ALTER TABLE alerts ADD CONSTRAINT alerts_type_check CHECK (type IN (${TYPES_BEFORE}, 'location_drift'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM alerts WHERE type = 'location_drift'`);
    await q.query(`ALTER TABLE alerts DROP CONSTRAINT alerts_type_check`);
    await q.query(`ALTER TABLE alerts ADD CONSTRAINT alerts_type_check CHECK (type IN (${TYPES_BEFORE}))`);
  }
}
