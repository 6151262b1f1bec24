import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The kiosk module takes over the outbox trigger on its own table: a kiosk going offline or coming
 * back (a `kiosk_state.status` change, the same transitions as KioskWentOfflineEvent /
 * KioskCameBackEvent) writes its `kiosk.offline` / `kiosk.online` outbox row in the transaction of
 * the change. It was created by the notifications migration (1764324000000), which should not have
 * reached into this module's tables; from here on it is the kiosk module's, renamed after it and
 * defined here. Same body, so the same rows. It still asks `notification_subscribed(event_type)`
 * first and formats times with `notification_iso(ts)`: the notification module's public SQL
 * functions (docs/architecture.md, "Cross-module reads").
 */
export class KioskLivenessOutboxTrigger1764655400000 implements MigrationInterface {
  name = 'KioskLivenessOutboxTrigger1764655400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION outbox_kiosk_liveness() RENAME TO kiosk_outbox_liveness`);
    await q.query(`ALTER TRIGGER outbox_kiosk_liveness ON kiosk_state RENAME TO kiosk_outbox_liveness`);
    await q.query(`
      CREATE OR REPLACE FUNCTION kiosk_outbox_liveness() RETURNS trigger LANGUAGE plpgsql AS $$
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
  }

  /** Back to the names the notifications migration drops (the body is the same). */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TRIGGER kiosk_outbox_liveness ON kiosk_state RENAME TO outbox_kiosk_liveness`);
    await q.query(`ALTER FUNCTION kiosk_outbox_liveness() RENAME TO outbox_kiosk_liveness`);
  }
}
