import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { Batcher } from '@app/core';
import { KioskInventoryRecordedEvent } from '@app/contracts';
import { KioskInventoryMetrics } from '../../services/kiosk-inventory-metrics';
import {
  InventoryReport,
  InventoryWrite,
  KioskInventoryRepository,
} from '../../services/kiosk-inventory.repository';
import { RecordKioskInventoryCommand } from './record-kiosk-inventory.command';

export type InventoryOutcome = 'firmware_changed' | 'changed' | 'unchanged';

/** A rollout wave's kiosks all rejoin within a second or two: their reports go in batches this large. */
const BATCH_SIZE = 1_000;
const BATCHES_IN_FLIGHT = 2;

/**
 * Keeps what a kiosk's join reported. The joins of a tick (or of the time the previous batch took)
 * share one statement, so a wave of rejoining kiosks does not queue a statement each on the pool.
 */
@CommandHandler(RecordKioskInventoryCommand)
export class RecordKioskInventoryHandler implements ICommandHandler<
  RecordKioskInventoryCommand,
  InventoryOutcome
> {
  private readonly batch = new Batcher<InventoryReport, InventoryWrite>(
    (reports) => this.repository.record(reports),
    BATCH_SIZE,
    BATCHES_IN_FLIGHT,
  );

  constructor(
    private readonly repository: KioskInventoryRepository,
    private readonly metrics: KioskInventoryMetrics,
    private readonly events: EventBus,
  ) {}

  async execute({
    kioskId,
    firmwareVersion,
    capabilities,
  }: RecordKioskInventoryCommand): Promise<InventoryOutcome> {
    const version = firmwareVersion === '' ? null : firmwareVersion;
    try {
      const written = await this.batch.submit({ kioskId, firmwareVersion: version, capabilities });
      const outcome: InventoryOutcome = written.firmwareChanged
        ? 'firmware_changed'
        : written.updated
          ? 'changed'
          : 'unchanged';
      this.metrics.reports.inc({ result: outcome });
      // Every join, changed or not: a kiosk that rejoins on the version it was updated to is news
      // to a rollout even when an earlier join already recorded that version.
      this.events.publish(new KioskInventoryRecordedEvent(kioskId, version, new Date()));
      return outcome;
    } catch (e) {
      this.metrics.reports.inc({ result: 'failed' });
      throw e;
    }
  }
}
