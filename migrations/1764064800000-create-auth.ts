import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuth1764064800000 implements MigrationInterface {
  name = 'CreateAuth1764064800000';

  // Columns used in keyset cursors are timestamptz(3): cursors carry JS Dates (ms), so comparisons stay exact.
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE CHECK (username = lower(username)),
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
        disabled boolean NOT NULL DEFAULT false,
        failed_login_count int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX users_created_at_id ON users (created_at, id)`);
    await q.query(`
      CREATE TABLE auth_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE INDEX auth_sessions_user_id ON auth_sessions (user_id)`);
    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES auth_sessions (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX refresh_tokens_session_id ON refresh_tokens (session_id)`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz(3) NOT NULL DEFAULT now(),
        action text NOT NULL,
        actor_id uuid,
        actor_username text,
        target_type text,
        target_id text,
        ip text,
        request_id text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_occurred_at_id ON audit_log (occurred_at, id)`);
    await q.query(`CREATE INDEX audit_log_action ON audit_log (action, occurred_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE auth_sessions`);
    await q.query(`DROP TABLE users`);
  }
}
