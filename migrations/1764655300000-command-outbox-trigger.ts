import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The command module takes over the outbox trigger on its own table: a transition written to
 * `kiosk_command_transitions` writes its `command.updated` outbox row in the same transaction. It
 * was created by the notifications migration (1764324000000), which should not have reached into
 * this module's tables; from here on it is the command module's, renamed after it and defined
 * here. Same body, so the same rows. It still asks `notification_subscribed(event_type)` first
 * and formats times with `notification_iso(ts)`: the notification module's public SQL functions
 * (docs/architecture.md, "Cross-module reads"), so unsubscribed events cost no row.
 */
export class CommandOutboxTrigger1764655300000 implements MigrationInterface {
  name = 'CommandOutboxTrigger1764655300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION outbox_command_updated() RENAME TO command_outbox_updated`);
    await q.query(
      `ALTER TRIGGER outbox_command_updated ON kiosk_command_transitions RENAME TO command_outbox_updated`,
    );
    await q.query(`
      CREATE OR REPLACE FUNCTION command_outbox_updated() RETURNS trigger LANGUAGE plpgsql AS $$
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
  }

  /** Back to the names the notifications migration drops (the body is the same). */
  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TRIGGER command_outbox_updated ON kiosk_command_transitions RENAME TO outbox_command_updated`,
    );
    await q.query(`ALTER FUNCTION command_outbox_updated() RENAME TO outbox_command_updated`);
  }
}
