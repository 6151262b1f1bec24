import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The command log. Every status change is recorded in kiosk_command_transitions by a trigger, so no
 * code path (single issue, bulk fan-out, expiry sweep, acks) can change a status without a trace.
 */
export class CreateCommands1764194400000 implements MigrationInterface {
  name = 'CreateCommands1764194400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE command_batches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        command text NOT NULL,
        params jsonb NOT NULL DEFAULT '{}'::jsonb,
        target jsonb NOT NULL,
        -- resolved when the request is accepted, so the count answered is the count fanned out
        kiosk_ids int[] NOT NULL,
        ttl_seconds int NOT NULL,
        count int NOT NULL,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        fanned_out_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE kiosk_commands (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kiosk_id int NOT NULL REFERENCES kiosks (id) ON DELETE CASCADE,
        command text NOT NULL CHECK (command IN ('block', 'unblock', 'restart', 'update', 'maintenance', 'refund')),
        params jsonb NOT NULL DEFAULT '{}'::jsonb,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'sent', 'acknowledged', 'succeeded', 'failed', 'expired', 'cancelled')),
        ttl_seconds int NOT NULL CHECK (ttl_seconds BETWEEN 5 AND 86400),
        expires_at timestamptz NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        idempotency_key text,
        request_hash bytea,
        batch_id uuid REFERENCES command_batches (id) ON DELETE SET NULL,
        hold_reason text,
        deliveries int NOT NULL DEFAULT 0,
        sent_at timestamptz,
        acknowledged_at timestamptz,
        completed_at timestamptz,
        error text
      )`);
    await q.query(`CREATE UNIQUE INDEX kiosk_commands_idempotency ON kiosk_commands (created_by, idempotency_key)
                    WHERE idempotency_key IS NOT NULL`);
    await q.query(`CREATE INDEX kiosk_commands_kiosk ON kiosk_commands (kiosk_id, created_at, id)`);
    await q.query(`CREATE INDEX kiosk_commands_open ON kiosk_commands (expires_at)
                    WHERE status IN ('pending', 'sent', 'acknowledged')`);
    // One command per kiosk and bulk request: a retried fan-out inserts nothing twice.
    await q.query(
      `CREATE UNIQUE INDEX kiosk_commands_batch ON kiosk_commands (batch_id, kiosk_id) WHERE batch_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE kiosk_command_transitions (
        id bigserial PRIMARY KEY,
        command_id uuid NOT NULL REFERENCES kiosk_commands (id) ON DELETE CASCADE,
        from_status text,
        to_status text NOT NULL,
        at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
        detail text
      )`);
    await q.query(
      `CREATE INDEX kiosk_command_transitions_command ON kiosk_command_transitions (command_id, id)`,
    );
    await q.query(`
      CREATE FUNCTION kiosk_command_record_transition() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO kiosk_command_transitions (command_id, from_status, to_status) VALUES (NEW.id, NULL, NEW.status);
        ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
          INSERT INTO kiosk_command_transitions (command_id, from_status, to_status, detail)
          VALUES (NEW.id, OLD.status, NEW.status, NEW.error);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER kiosk_commands_transition AFTER INSERT OR UPDATE OF status ON kiosk_commands
                    FOR EACH ROW EXECUTE FUNCTION kiosk_command_record_transition()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE kiosk_command_transitions`);
    await q.query(`DROP TABLE kiosk_commands`);
    await q.query(`DROP FUNCTION kiosk_command_record_transition()`);
    await q.query(`DROP TABLE command_batches`);
  }
}
