import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { Logger } from '@nestjs/common';
import { readingView, TelemetryBatchRecordedEvent, TelemetryReading } from '@app/contracts';
import { KioskStateRepository } from '../liveness/kiosk-state.repository';
import { KioskStatusChanges } from '../liveness/kiosk-status-changes';
import { peripheralsOk, sellCapability } from '../services/sell-capability';

/**
 * Keeps `kiosk_state` (latest reading, reporting, peripherals, sell capability, clock skew) in step
 * with stored telemetry: one statement per committed batch, with the newest reading of each kiosk.
 */
@EventsHandler(TelemetryBatchRecordedEvent)
export class UpdateKioskStateWhenTelemetryRecordedHandler implements IEventHandler<TelemetryBatchRecordedEvent> {
  private readonly logger = new Logger(UpdateKioskStateWhenTelemetryRecordedHandler.name);

  constructor(
    private readonly states: KioskStateRepository,
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
      const { rows } = await this.states.applyLatestReadings(
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
      this.changes.publish(rows);
    } catch (e) {
      // The readings are stored; only the projection lags until the next batch of this kiosk.
      this.logger.warn(`kiosk_state projection failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
