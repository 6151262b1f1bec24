import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys for integrators (CONTRACT §8). Each key acts through a `users` row of kind `api_key`
 * sharing its id (as GitLab's project access tokens act through a bot user): every column that
 * records who did something (`commands.created_by`, `alerts.acknowledged_by`, …) references
 * `users`, so a key's actions are attributed to it without touching other modules' tables. Those
 * rows cannot log in (disabled, no password) and are hidden from `/users`.
 */
export class CreateApiKeys1764541800000 implements MigrationInterface {
  name = 'CreateApiKeys1764541800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE users ADD COLUMN kind text NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'api_key'))`,
    );
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        name text NOT NULL,
        prefix text NOT NULL UNIQUE,
        key_hash bytea NOT NULL UNIQUE CHECK (octet_length(key_hash) = 32),
        role text NOT NULL CHECK (role IN ('operator', 'viewer')),
        tags text[] NOT NULL CHECK (cardinality(tags) >= 1),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz(3),
        last_used_at timestamptz(3),
        revoked_at timestamptz(3)
      )`);
    // The admin list pages live keys by (created_at, id); revoked ones stay for attribution.
    await q.query(
      `CREATE INDEX api_keys_live_created_at_id ON api_keys (created_at, id) WHERE revoked_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_keys`);
    await q.query(`DELETE FROM users WHERE kind = 'api_key'`);
    await q.query(`ALTER TABLE users DROP COLUMN kind`);
  }
}
