import { Logger } from '@nestjs/common';
import { EventBus, EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { KioskPaymentSessionEndedEvent, TelemetryBatchRecordedEvent, TelemetryReading } from '@app/contracts';
import { PaymentSessionRepository } from '../repositories/payment-session.repository';

/**
 * Keeps the payment session each kiosk last reported (`session.active` in kiosk_update), for the
 * command module's gating, and announces when an open session ends. An older reading (a resend)
 * never overrides a newer one.
 */
@EventsHandler(TelemetryBatchRecordedEvent)
export class TrackPaymentSessionWhenTelemetryRecordedHandler implements IEventHandler<TelemetryBatchRecordedEvent> {
  private readonly logger = new Logger(TrackPaymentSessionWhenTelemetryRecordedHandler.name);

  constructor(
    private readonly sessions: PaymentSessionRepository,
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
      const ended = await this.sessions.record(
        rs.map((r) => r.kioskId),
        rs.map((r) => r.session.active),
        rs.map((r) => r.timestamp),
      );
      for (const kioskId of ended) this.events.publish(new KioskPaymentSessionEndedEvent(kioskId));
    } catch (e) {
      this.logger.warn(`payment session projection failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
