import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks (subscriptions and one row per delivery of an event to a webhook), email notification
 * policies, and the outbox sources that live in the database: a command transition and a kiosk
 * going offline / coming back write their outbox row from a trigger, in the transaction of the
 * change itself, so no code path can change either without the event (or announce a rolled-back one).
 */
export class CreateNotifications1764324000000 implements MigrationInterface {
  name = 'CreateNotifications1764324000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL CHECK (length(url) <= 2048),
        events text[] NOT NULL CHECK (cardinality(events) > 0),
        -- kept as is: every delivery is signed with it (HMAC), so it cannot be a one-way hash
        secret text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhooks_created_at_id ON webhooks (created_at, id)`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        -- derived from (webhook, event) for relayed events, so a relay that runs twice creates one row
        id uuid PRIMARY KEY,
        webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        data jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'dead')),
        attempts int NOT NULL DEFAULT 0,
        last_status_code int,
        last_latency_ms int,
        last_error text,
        next_attempt_at timestamptz,
        -- the Bull job due to make the next attempt: the recovery sweep re-enqueues when it is gone
        job_id text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        UNIQUE (webhook_id, event_id)
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_page ON webhook_deliveries (webhook_id, created_at, id)`);
    // The recovery sweep looks for deliveries that should have been attempted by now.
    await q.query(`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
                    WHERE status IN ('pending', 'failed')`);
    await q.query(`
      CREATE TABLE notification_policies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        channel text NOT NULL CHECK (channel IN ('email')),
        recipients text[] NOT NULL CHECK (cardinality(recipients) > 0),
        min_severity text NOT NULL CHECK (min_severity IN ('info', 'warning', 'major', 'critical')),
        -- NULL: every kiosk; otherwise kiosks carrying at least one of these tags
        tags text[],
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX notification_policies_created_at_id ON notification_policies (created_at, id)`,
    );

    // JSON timestamps as JavaScript writes them (toISOString), so webhook bodies look the same whatever wrote them.
    await q.query(`
      CREATE FUNCTION notification_iso(ts timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      $$`);
    await q.query(`
      CREATE FUNCTION notification_subscribed(event_type text) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM webhooks WHERE active AND event_type = ANY (events))
      $$`);
    // Only events someone subscribes to are written: commands and liveness change often.
    await q.query(`
      CREATE FUNCTION outbox_command_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE c record;
      BEGIN
        IF NOT notification_subscribed('command.updated') THEN RETURN NULL; END IF;
        SELECT id, kiosk_id, command INTO c FROM kiosk_commands WHERE id = NEW.command_id;
        INSERT INTO outbox (event_type, kiosk_id, occurred_at, payload)
        VALUES ('command.updated', c.kiosk_id, NEW.at, jsonb_build_object(
          'id', c.id, 'kioskId', c.kiosk_id, 'command', c.command, 'status', NEW.to_status,
          'previous', NEW.from_status, 'detail', NEW.detail, 'at', notification_iso(NEW.at)));
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER outbox_command_updated AFTER INSERT ON kiosk_command_transitions
                    FOR EACH ROW EXECUTE FUNCTION outbox_command_updated()`);
    // The same transitions as KioskWentOfflineEvent / KioskCameBackEvent (libs/kiosk liveness).
    await q.query(`
      CREATE FUNCTION outbox_kiosk_liveness() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        kind text := CASE WHEN NEW.status = 'offline' THEN 'kiosk.offline' ELSE 'kiosk.online' END;
        k record;
        at timestamptz := clock_timestamp();
      BEGIN
        IF NOT notification_subscribed(kind) THEN RETURN NULL; END IF;
        SELECT serial, name, address, lat, lng, tags INTO k FROM kiosks WHERE id = NEW.kiosk_id;
        INSERT INTO outbox (event_type, kiosk_id, occurred_at, payload)
        VALUES (kind, NEW.kiosk_id, at, jsonb_build_object(
          'kioskId', NEW.kiosk_id, 'serial', k.serial, 'name', k.name,
          'location', jsonb_build_object('lat', k.lat, 'lng', k.lng, 'address', k.address),
          'status', NEW.status, 'previous', OLD.status, 'connected', NEW.connected,
          'reporting', NEW.reporting, 'lastSeenAt', notification_iso(NEW.last_seen_at),
          'at', notification_iso(at)));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER outbox_kiosk_liveness AFTER UPDATE ON kiosk_state FOR EACH ROW
      WHEN (OLD.status IS DISTINCT FROM NEW.status AND (NEW.status = 'offline'
            OR (NEW.status = 'online' AND OLD.status IN ('offline', 'stale'))))
      EXECUTE FUNCTION outbox_kiosk_liveness()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER outbox_kiosk_liveness ON kiosk_state`);
    await q.query(`DROP FUNCTION outbox_kiosk_liveness()`);
    await q.query(`DROP TRIGGER outbox_command_updated ON kiosk_command_transitions`);
    await q.query(`DROP FUNCTION outbox_command_updated()`);
    await q.query(`DROP FUNCTION notification_subscribed(text)`);
    await q.query(`DROP FUNCTION notification_iso(timestamptz)`);
    await q.query(`DROP TABLE notification_policies`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhooks`);
  }
}
