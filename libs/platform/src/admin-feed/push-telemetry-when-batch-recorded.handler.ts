import { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { TelemetryBatchRecordedEvent, TelemetryReading, readingView } from '@app/contracts';
import { AdminFeedAudience } from './admin-feed-audience';
import { AdminFeedPublisher } from './admin-feed.publisher';
import { KioskTelemetryThrottle } from './kiosk-telemetry-throttle';

/**
 * `kiosk_telemetry`, at most one per kiosk per second (CONTRACT.md §4): the newest reading wins.
 * Nothing is built or published while no one has the feed open (AdminFeedAudience).
 */
@EventsHandler(TelemetryBatchRecordedEvent)
export class PushTelemetryWhenBatchRecordedHandler
  implements IEventHandler<TelemetryBatchRecordedEvent>, OnModuleInit, OnApplicationShutdown
{
  private readonly throttle: KioskTelemetryThrottle;

  constructor(
    feed: AdminFeedPublisher,
    private readonly audience: AdminFeedAudience,
  ) {
    this.throttle = new KioskTelemetryThrottle((r) =>
      feed.emit('kiosk_telemetry', r.kioskId, { kioskId: r.kioskId, reading: readingView(r) }),
    );
  }

  onModuleInit(): void {
    this.throttle.start();
  }

  onApplicationShutdown(): void {
    this.throttle.stop();
  }

  handle({ readings }: TelemetryBatchRecordedEvent): void {
    if (!this.audience.anyone) return;
    const newest = new Map<number, TelemetryReading>();
    for (const r of readings) {
      const seen = newest.get(r.kioskId);
      if (!seen || r.timestamp >= seen.timestamp) newest.set(r.kioskId, r);
    }
    for (const r of newest.values()) this.throttle.offer(r);
  }
}
