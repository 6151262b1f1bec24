import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTelemetry1764151200000 implements MigrationInterface {
  name = 'CreateTelemetry1764151200000';

  async up(q: QueryRunner): Promise<void> {
    // No FK to kiosks: this is the hot, partitioned table, and kiosks are never hard-deleted.
    // `id` exists only to give the raw query's keyset cursor a unique tiebreaker: readings without
    // `seq` may share a kiosk timestamp and even a (millisecond) received_at. It needs to be unique,
    // not ordered, so each session takes ids 1,000 at a time (nextval per row cost ~25% of a batch).
    await q.query(`CREATE SEQUENCE telemetry_id_seq AS bigint CACHE 1000`);
    await q.query(`
      CREATE TABLE telemetry (
        id bigint NOT NULL DEFAULT nextval('telemetry_id_seq'),
        kiosk_id int NOT NULL,
        ts timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        seq bigint,
        temperature real NOT NULL,
        humidity real NOT NULL,
        air_quality real NOT NULL,
        cpu_temp real NOT NULL,
        cpu_usage real NOT NULL,
        ram_usage real NOT NULL,
        disk_usage real NOT NULL,
        printer_status text,
        cash_acceptor text,
        card_reader text,
        lat double precision NOT NULL,
        lng double precision NOT NULL,
        accuracy real,
        latency real NOT NULL,
        signal_strength real NOT NULL,
        extra jsonb,
        anomaly_score real,
        -- A unique index on a partitioned table must contain the partition key, so dedup is on
        -- (kiosk, seq, ts), not (kiosk, seq): a resent reading carries the same seq and timestamp,
        -- so it is still stored once. NULL seq never conflicts (NULLs are distinct).
        CONSTRAINT telemetry_kiosk_seq_ts UNIQUE (kiosk_id, seq, ts)
      ) PARTITION BY RANGE (ts)`);
    await q.query(`ALTER SEQUENCE telemetry_id_seq OWNED BY telemetry.id`);
    // Per-kiosk range scans in the raw query's (ts, id) order, so keyset pages read no extra rows.
    await q.query(`CREATE INDEX telemetry_kiosk_ts ON telemetry (kiosk_id, ts, id)`);
    // Fleet-wide time scans (backtests, retraining): tiny, and rows arrive roughly in ts order.
    await q.query(`CREATE INDEX telemetry_ts_brin ON telemetry USING brin (ts)`);
    // Readings of kiosks with skewed clocks land here until (if ever) their day partition exists.
    await q.query(`CREATE TABLE telemetry_default PARTITION OF telemetry DEFAULT`);

    // Creates the missing UTC-day partitions telemetry_pYYYYMMDD for from_day..to_day (inclusive)
    // and returns their names. A new partition is built detached and attached afterwards because
    // ATTACH needs a weaker lock on the parent than CREATE … PARTITION OF (inserts keep flowing),
    // and because rows of that day already sitting in the default partition must move into it
    // first: PostgreSQL refuses a partition whose range the default partition still holds rows of.
    // The function runs as one statement, hence in one transaction: no row is lost or seen twice.
    await q.query(`
      CREATE FUNCTION telemetry_ensure_partitions(from_day date, to_day date) RETURNS SETOF text
      LANGUAGE plpgsql AS $fn$
      DECLARE
        day date;
        part text;
        lo timestamptz;
        hi timestamptz;
      BEGIN
        day := from_day;
        WHILE day <= to_day LOOP
          part := 'telemetry_p' || to_char(day, 'YYYYMMDD');
          lo := day::timestamp AT TIME ZONE 'UTC';
          hi := (day + 1)::timestamp AT TIME ZONE 'UTC';
          IF to_regclass(part) IS NULL THEN
            -- Keeps inserts from routing new rows of this day into the default partition meanwhile.
            LOCK TABLE telemetry_default IN SHARE ROW EXCLUSIVE MODE;
            EXECUTE format('CREATE TABLE %I (LIKE telemetry INCLUDING DEFAULTS)', part);
            -- Lets ATTACH skip its validation scan of the new table.
            EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (ts >= %L AND ts < %L)',
                           part, part || '_range', lo, hi);
            EXECUTE format('WITH moved AS (DELETE FROM telemetry_default WHERE ts >= %L AND ts < %L RETURNING *)
                            INSERT INTO %I SELECT * FROM moved', lo, hi, part);
            EXECUTE format('ALTER TABLE telemetry ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                           part, lo, hi);
            EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', part, part || '_range');
            RETURN NEXT part;
          END IF;
          day := day + 1;
        END LOOP;
      END
      $fn$`);
    await q.query(`
      SELECT telemetry_ensure_partitions(
        (now() AT TIME ZONE 'UTC')::date - 1, (now() AT TIME ZONE 'UTC')::date + 7)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION telemetry_ensure_partitions(date, date)`);
    // Drops every partition and the owned sequence with it.
    await q.query(`DROP TABLE telemetry`);
  }
}
