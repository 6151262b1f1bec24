import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staged rollouts (CONTRACT.md §8), owned by libs/rollout. A rollout's kiosks are resolved and
 * ordered into waves when it starts and kept one row each, so every transition is one set-based
 * statement and an API restart loses nothing. `rollout_kiosks.state`:
 * waiting (not commanded yet) → commanded → acked (success ack, not yet back on the new version)
 * → succeeded; failed (error ack, expired, or back on another version); skipped (never commanded:
 * the rollout ended first). `rejoined_at` records the join on the new version, whichever came first.
 */
export class CreateRollouts1764700000000 implements MigrationInterface {
  name = 'CreateRollouts1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rollouts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        command text NOT NULL CHECK (command = 'update'),
        params jsonb NOT NULL,
        target jsonb NOT NULL,
        waves smallint[] NOT NULL,
        failure_threshold real NOT NULL CHECK (failure_threshold BETWEEN 0 AND 1),
        wait_seconds int NOT NULL CHECK (wait_seconds >= 0),
        respect_maintenance_windows boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'draft'
          CHECK (status IN ('draft', 'running', 'paused', 'completed', 'aborted', 'cancelled')),
        current_wave int,
        reason text,
        held_by jsonb,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        started_at timestamptz(3),
        finished_at timestamptz(3)
      )`);
    await q.query(`CREATE INDEX rollouts_created ON rollouts (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX rollouts_running ON rollouts (id) WHERE status = 'running'`);
    await q.query(`
      CREATE TABLE rollout_waves (
        rollout_id uuid NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
        index int NOT NULL,
        kiosks int NOT NULL,
        batch_id uuid NOT NULL DEFAULT gen_random_uuid(),
        started_at timestamptz(3),
        finished_at timestamptz(3),
        PRIMARY KEY (rollout_id, index)
      )`);
    await q.query(`
      CREATE TABLE rollout_kiosks (
        rollout_id uuid NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
        kiosk_id int NOT NULL REFERENCES kiosks (id) ON DELETE CASCADE,
        wave int NOT NULL,
        position int NOT NULL,
        state text NOT NULL DEFAULT 'waiting'
          CHECK (state IN ('waiting', 'commanded', 'acked', 'succeeded', 'failed', 'skipped')),
        command_id uuid,
        detail text,
        rejoined_at timestamptz(3),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (rollout_id, kiosk_id)
      )`);
    await q.query(`CREATE INDEX rollout_kiosks_wave ON rollout_kiosks (rollout_id, wave, state)`);
    await q.query(
      `CREATE INDEX rollout_kiosks_command ON rollout_kiosks (command_id) WHERE command_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX rollout_kiosks_open ON rollout_kiosks (kiosk_id) WHERE state IN ('commanded', 'acked')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rollout_kiosks`);
    await q.query(`DROP TABLE rollout_waves`);
    await q.query(`DROP TABLE rollouts`);
  }
}
