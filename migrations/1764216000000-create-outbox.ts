import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox: a module writes the events the outside world should hear about in the
 * same transaction as the change, so a rolled-back change announces nothing and a crash between
 * commit and enqueue loses nothing. A relay moves committed rows to the notifications queue and
 * stamps `dispatched_at`; NOTIFY wakes it so delivery does not wait for a poll.
 */
export class CreateOutbox1764216000000 implements MigrationInterface {
  name = 'CreateOutbox1764216000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        -- the stable event id integrators deduplicate by (X-Webhook-Id)
        event_id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        event_type text NOT NULL,
        kiosk_id int,
        occurred_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_undispatched ON outbox (id) WHERE dispatched_at IS NULL`);
    await q.query(
      `CREATE INDEX outbox_dispatched_at ON outbox (dispatched_at) WHERE dispatched_at IS NOT NULL`,
    );
    await q.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END $$`);
    // Per statement: a multi-row insert wakes the relay once; NOTIFY is delivered at commit only.
    await q.query(`
      CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
      FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP FUNCTION outbox_notify()`);
  }
}
