import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The kiosk registry and its live state. `kiosk_state.status` is a generated column: the one place
 * the status rule lives (decommissioned, then offline while no socket is up, then what acknowledged
 * commands say, then stale while connected but silent, else online).
 */
export class CreateKiosks1764108000000 implements MigrationInterface {
  name = 'CreateKiosks1764108000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE kiosks (
        id serial PRIMARY KEY,
        serial text NOT NULL UNIQUE CHECK (length(serial) BETWEEN 1 AND 64),
        name text NOT NULL,
        code text NOT NULL UNIQUE,
        secret_hash bytea NOT NULL,
        lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lng double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
        address text,
        tags text[] NOT NULL DEFAULT '{}',
        assigned_to uuid REFERENCES users (id) ON DELETE SET NULL,
        decommissioned_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX kiosks_created_at_id ON kiosks (created_at, id)`);
    await q.query(`CREATE INDEX kiosks_assigned_to ON kiosks (assigned_to)`);
    await q.query(`CREATE INDEX kiosks_tags ON kiosks USING gin (tags)`);
    await q.query(`
      CREATE TABLE kiosk_state (
        kiosk_id int PRIMARY KEY REFERENCES kiosks (id) ON DELETE CASCADE,
        decommissioned boolean NOT NULL DEFAULT false,
        connected boolean NOT NULL DEFAULT false,
        reporting boolean NOT NULL DEFAULT false,
        commanded_status text CHECK (commanded_status IN ('blocked', 'maintenance')),
        status text GENERATED ALWAYS AS (
          CASE
            WHEN decommissioned THEN 'decommissioned'
            WHEN NOT connected THEN 'offline'
            WHEN commanded_status IS NOT NULL THEN commanded_status
            WHEN NOT reporting THEN 'stale'
            ELSE 'online'
          END) STORED,
        peripherals_ok boolean,
        can_sell text CHECK (can_sell IN ('full', 'card_only', 'cash_only', 'none')),
        last_seen_at timestamptz,
        last_reading_at timestamptz,
        last_reading jsonb,
        clock_skew_sec real,
        -- Bumped in Redis with every connect/disconnect; a DB write carrying an older version is
        -- ignored, so two instances reporting out of order cannot leave a wrong "connected".
        connection_version bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX kiosk_state_status ON kiosk_state (status)`);
    // The stale sweep looks for reporting kiosks whose last reading is too old.
    await q.query(`CREATE INDEX kiosk_state_reporting_seen ON kiosk_state (last_seen_at) WHERE reporting`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE kiosk_state`);
    await q.query(`DROP TABLE kiosks`);
  }
}
