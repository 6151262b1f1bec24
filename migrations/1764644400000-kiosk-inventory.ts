import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Kiosk inventory (CONTRACT §8): what each kiosk reported at its last `kiosk_join`, and when its
 * firmware changed. `firmware_sort_key` is the version in semver order as bytes (COLLATE "C"; see
 * libs/kiosk/src/services/firmware-version.ts), null for versions that are not semver, so
 * `firmwareBelow` is one index range scan.
 */
export class KioskInventory1764644400000 implements MigrationInterface {
  name = 'KioskInventory1764644400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE kiosks ADD COLUMN firmware_version text,
                                      ADD COLUMN firmware_sort_key text COLLATE "C",
                                      ADD COLUMN capabilities jsonb`);
    await q.query(`CREATE INDEX kiosks_firmware_version ON kiosks (firmware_version)`);
    await q.query(`CREATE INDEX kiosks_firmware_sort_key ON kiosks (firmware_sort_key)`);
    await q.query(`CREATE TABLE kiosk_firmware_history (
      id bigserial PRIMARY KEY,
      kiosk_id int NOT NULL REFERENCES kiosks(id) ON DELETE CASCADE,
      firmware_version text NOT NULL,
      first_reported_at timestamptz(3) NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX kiosk_firmware_history_kiosk
                     ON kiosk_firmware_history (kiosk_id, first_reported_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE kiosk_firmware_history`);
    await q.query(`DROP INDEX kiosks_firmware_sort_key`);
    await q.query(`DROP INDEX kiosks_firmware_version`);
    await q.query(`ALTER TABLE kiosks DROP COLUMN capabilities, DROP COLUMN firmware_sort_key,
                                      DROP COLUMN firmware_version`);
  }
}
