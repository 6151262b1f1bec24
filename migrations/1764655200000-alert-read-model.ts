import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The alert module's public read model, `alert_facts_v` (docs/architecture.md, "Cross-module
 * reads"). Its readers run in the worker, where the alert module's query handlers are not mounted:
 * notification's reminders (is the alert still open, unmuted?), AI's retraining trigger (how many
 * alerts were judged since the last retraining) and the training pipeline (judged alerts as labels).
 * A plain view, inlined by PostgreSQL. Columns are only ever added here.
 */
export class AlertReadModel1764655200000 implements MigrationInterface {
  name = 'AlertReadModel1764655200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW alert_facts_v AS
        SELECT id, kiosk_id, type, severity, status, muted, title, explanation, first_seen_at, last_seen_at,
               resolved_at, false_positive
          FROM alerts`);
    await q.query(`COMMENT ON VIEW alert_facts_v IS
      'Alert module public read model: alerts, their state and judgement (read-only for other modules)'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW alert_facts_v`);
  }
}
