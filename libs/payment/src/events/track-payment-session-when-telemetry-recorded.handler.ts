import { Logger } from '@nestjs/common';
import { EventBus, EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { KioskPaymentSessionEndedEvent, TelemetryBatchRecordedEvent, TelemetryReading } from '@app/contracts';
import { queryRecords } from '@app/database';

/**
 * Keeps the payment session each kiosk last reported (`session.active` in kiosk_update), for the
 * command module's gating, and announces when an open session ends. An older reading (a resend)
 * never overrides a newer one.
 */
@EventsHandler(TelemetryBatchRecordedEvent)
export class TrackPaymentSessionWhenTelemetryRecordedHandler implements IEventHandler<TelemetryBatchRecordedEvent> {
  private readonly logger = new Logger(TrackPaymentSessionWhenTelemetryRecordedHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventBus,
  ) {}

  async handle({ readings }: TelemetryBatchRecordedEvent): Promise<void> {
    const latest = new Map<number, TelemetryReading & { session: { active: boolean } }>();
    for (const r of readings) {
      if (!r.session) continue;
      const seen = latest.get(r.kioskId);
      if (!seen || r.timestamp >= seen.timestamp) latest.set(r.kioskId, { ...r, session: r.session });
    }
    if (!latest.size) return;
    const rs = [...latest.values()];
    try {
      const ended = await queryRecords<{ kiosk_id: number }>(
        this.dataSource,
        `WITH v AS (SELECT * FROM unnest($1::int[], $2::bool[], $3::timestamptz[]) AS v(kiosk_id, active, at)),
         -- the statement's snapshot: the state before this upsert (no FOR UPDATE, which would
         -- follow the row to the version this very statement writes)
         old AS (SELECT s.kiosk_id, s.active FROM kiosk_payment_sessions s JOIN v USING (kiosk_id)),
         up AS (
           INSERT INTO kiosk_payment_sessions AS s (kiosk_id, active, since, reported_at)
           SELECT kiosk_id, active, CASE WHEN active THEN at END, at FROM v ORDER BY kiosk_id
           ON CONFLICT (kiosk_id) DO UPDATE
             SET active = EXCLUDED.active,
                 since = CASE WHEN NOT EXCLUDED.active THEN NULL WHEN s.active THEN s.since ELSE EXCLUDED.since END,
                 reported_at = EXCLUDED.reported_at
             WHERE s.reported_at <= EXCLUDED.reported_at
           RETURNING s.kiosk_id, s.active)
         SELECT up.kiosk_id FROM up JOIN old USING (kiosk_id) WHERE old.active AND NOT up.active`,
        [rs.map((r) => r.kioskId), rs.map((r) => r.session.active), rs.map((r) => r.timestamp)],
      );
      for (const { kiosk_id } of ended) this.events.publish(new KioskPaymentSessionEndedEvent(kiosk_id));
    } catch (e) {
      this.logger.warn(`payment session projection failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
