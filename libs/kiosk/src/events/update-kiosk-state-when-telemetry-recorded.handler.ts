import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readingView, TelemetryBatchRecordedEvent, TelemetryReading } from '@app/contracts';
import { pgPool } from '@app/database';
import { KioskStatusChanges, STATUS_RETURNING, StatusRow } from '../liveness/kiosk-status-changes';
import { peripheralsOk, sellCapability } from '../services/sell-capability';

/**
 * Keeps `kiosk_state` (latest reading, reporting, peripherals, sell capability, clock skew) in step
 * with stored telemetry: one UPDATE per committed batch, with the newest reading of each kiosk.
 */
@EventsHandler(TelemetryBatchRecordedEvent)
export class UpdateKioskStateWhenTelemetryRecordedHandler implements IEventHandler<TelemetryBatchRecordedEvent> {
  private readonly logger = new Logger(UpdateKioskStateWhenTelemetryRecordedHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: KioskStatusChanges,
  ) {}

  async handle({ readings }: TelemetryBatchRecordedEvent): Promise<void> {
    const latest = new Map<number, TelemetryReading>();
    for (const r of readings) {
      const seen = latest.get(r.kioskId);
      if (!seen || r.timestamp >= seen.timestamp) latest.set(r.kioskId, r);
    }
    const rs = [...latest.values()];
    try {
      // The batch travels as one JSON document: one native JSON.stringify here instead of seven
      // hand-built arrays with the readings quoted inside one of them, and a plain statement for
      // pg (no QueryRunner) at fleet rate.
      const batch = JSON.stringify(
        rs.map((r) => ({
          kiosk_id: r.kioskId,
          reading_at: r.timestamp,
          received_at: r.receivedAt,
          reading: readingView(r),
          skew: (r.timestamp.getTime() - r.receivedAt.getTime()) / 1000,
          peripherals_ok: peripheralsOk(r.peripherals),
          can_sell: sellCapability(r.peripherals),
        })),
      );
      const { rows } = await pgPool(this.dataSource).query<StatusRow>(
        `WITH v AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb)
             AS v(kiosk_id int, reading_at timestamptz, received_at timestamptz, reading jsonb, skew real,
                  peripherals_ok bool, can_sell text)),
         old AS (SELECT k.kiosk_id, k.status FROM kiosk_state k JOIN v USING (kiosk_id) ORDER BY k.kiosk_id FOR UPDATE OF k),
         updated AS (
         UPDATE kiosk_state s
            SET reporting = true,
                last_seen_at = GREATEST(s.last_seen_at, v.received_at),
                last_reading_at = v.reading_at, last_reading = v.reading, clock_skew_sec = v.skew,
                peripherals_ok = v.peripherals_ok, can_sell = v.can_sell
           FROM v, old
          WHERE s.kiosk_id = v.kiosk_id AND old.kiosk_id = v.kiosk_id AND NOT s.decommissioned
            -- a late, older reading (a resend after reconnect) never replaces the latest one
            AND (s.last_reading_at IS NULL OR v.reading_at >= s.last_reading_at)
          RETURNING ${STATUS_RETURNING})
         -- Only the kiosks whose status this batch changed: a row per reading is work for nothing.
         SELECT * FROM updated WHERE previous IS DISTINCT FROM status`,
        [batch],
      );
      this.changes.publish(rows);
    } catch (e) {
      // The readings are stored; only the projection lags until the next batch of this kiosk.
      this.logger.warn(`kiosk_state projection failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
