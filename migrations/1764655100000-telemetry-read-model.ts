import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The telemetry module's public read model, `telemetry_readings_v`: the stored readings as other
 * modules may read them (docs/architecture.md, "Cross-module reads"). The alert module replays
 * them in set-based joins (a whole batch's kiosks at once, and backtests scoped by kiosk tags),
 * and the training pipeline streams them. A plain view over the partitioned table: PostgreSQL
 * inlines it, so partition pruning and the (kiosk_id, ts, id) index serve reads as before.
 * `extra` and `anomaly_score` stay private. Columns are only ever added here.
 */
export class TelemetryReadModel1764655100000 implements MigrationInterface {
  name = 'TelemetryReadModel1764655100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW telemetry_readings_v AS
        SELECT id, kiosk_id, ts, received_at, seq, temperature, humidity, air_quality, cpu_temp, cpu_usage,
               ram_usage, disk_usage, printer_status, cash_acceptor, card_reader, lat, lng, accuracy,
               latency, signal_strength
          FROM telemetry`);
    await q.query(`COMMENT ON VIEW telemetry_readings_v IS
      'Telemetry module public read model: stored readings (read-only for other modules)'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW telemetry_readings_v`);
  }
}
