import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Remote configuration (CONTRACT §8), owned by the kiosk module. `kiosk_tag_configs` holds each
 * tag's settings; `kiosk_configs` each kiosk's own settings, the merged result it should run with
 * (`desired`, with its `desired_version` from one sequence, so versions only grow) and the version it
 * confirmed (`applied_version`). `pending_command_id`/`pending_version` name the `configure` command
 * carrying the current desired version, so its success ack can be matched to a version. A kiosk
 * without a row has no settings (versions 0). The command log learns the `configure` command name.
 */
export class KioskRemoteConfig1764710000000 implements MigrationInterface {
  name = 'KioskRemoteConfig1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE kiosk_config_version_seq AS bigint START 1`);
    await q.query(`
      CREATE TABLE kiosk_tag_configs (
        tag text PRIMARY KEY,
        settings jsonb NOT NULL CHECK (jsonb_typeof(settings) = 'object'),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES users (id) ON DELETE SET NULL
      )`);
    await q.query(`
      CREATE TABLE kiosk_configs (
        kiosk_id int PRIMARY KEY REFERENCES kiosks (id) ON DELETE CASCADE,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(settings) = 'object'),
        desired jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(desired) = 'object'),
        desired_version bigint NOT NULL DEFAULT 0,
        applied_version bigint NOT NULL DEFAULT 0,
        pending_command_id uuid,
        pending_version bigint,
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // `configDrift=true` and the join check read only the kiosks behind their desired version.
    await q.query(`CREATE INDEX kiosk_configs_drift ON kiosk_configs (kiosk_id)
                    WHERE desired_version > applied_version`);
    await q.query(`CREATE UNIQUE INDEX kiosk_configs_pending_command ON kiosk_configs (pending_command_id)
                    WHERE pending_command_id IS NOT NULL`);
    await q.query(`ALTER TABLE kiosk_commands DROP CONSTRAINT kiosk_commands_command_check,
      ADD CONSTRAINT kiosk_commands_command_check
        CHECK (command IN ('block', 'unblock', 'restart', 'update', 'maintenance', 'refund', 'configure'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM kiosk_commands WHERE command = 'configure'`);
    await q.query(`ALTER TABLE kiosk_commands DROP CONSTRAINT kiosk_commands_command_check,
      ADD CONSTRAINT kiosk_commands_command_check
        CHECK (command IN ('block', 'unblock', 'restart', 'update', 'maintenance', 'refund'))`);
    await q.query(`DROP TABLE kiosk_configs`);
    await q.query(`DROP TABLE kiosk_tag_configs`);
    await q.query(`DROP SEQUENCE kiosk_config_version_seq`);
  }
}
