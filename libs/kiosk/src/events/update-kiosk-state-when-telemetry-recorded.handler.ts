import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readingView, TelemetryBatchRecordedEvent, TelemetryReading } from '@app/core';
import {
  booleanArrayLiteral,
  numberArrayLiteral,
  queryRecords,
  textArrayLiteral,
  timestampArrayLiteral,
} from '@app/database';
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
      const rows = await queryRecords<StatusRow>(
        this.dataSource,
        `WITH v AS (
           SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::timestamptz[], $4::jsonb[], $5::real[], $6::bool[], $7::text[])
             AS v(kiosk_id, reading_at, received_at, reading, skew, peripherals_ok, can_sell)),
         old AS (SELECT k.kiosk_id, k.status FROM kiosk_state k JOIN v USING (kiosk_id) ORDER BY k.kiosk_id FOR UPDATE OF k)
         UPDATE kiosk_state s
            SET reporting = true,
                last_seen_at = GREATEST(s.last_seen_at, v.received_at),
                last_reading_at = v.reading_at, last_reading = v.reading, clock_skew_sec = v.skew,
                peripherals_ok = v.peripherals_ok, can_sell = v.can_sell
           FROM v, old
          WHERE s.kiosk_id = v.kiosk_id AND old.kiosk_id = v.kiosk_id AND NOT s.decommissioned
            -- a late, older reading (a resend after reconnect) never replaces the latest one
            AND (s.last_reading_at IS NULL OR v.reading_at >= s.last_reading_at)
          RETURNING ${STATUS_RETURNING}`,
        // Hand-built array literals: node-postgres's array serialiser was a visible share of this
        // handler's CPU at fleet rate (a regex per element, Dates through local time).
        [
          numberArrayLiteral(rs, (r) => r.kioskId),
          timestampArrayLiteral(rs, (r) => r.timestamp),
          timestampArrayLiteral(rs, (r) => r.receivedAt),
          textArrayLiteral(rs, (r) => JSON.stringify(readingView(r))),
          numberArrayLiteral(rs, (r) => (r.timestamp.getTime() - r.receivedAt.getTime()) / 1000),
          booleanArrayLiteral(rs, (r) => peripheralsOk(r.peripherals)),
          textArrayLiteral(rs, (r) => sellCapability(r.peripherals)),
        ],
      );
      this.changes.publish(rows);
    } catch (e) {
      // The readings are stored; only the projection lags until the next batch of this kiosk.
      this.logger.warn(`kiosk_state projection failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
