import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { KioskInventoryRecordedEvent } from '@app/contracts';
import { queryRecords } from '@app/database';
import { semverSortKey } from '../../services/firmware-version';
import { KioskInventoryMetrics } from '../../services/kiosk-inventory-metrics';
import { RecordKioskInventoryCommand } from './record-kiosk-inventory.command';

export type InventoryOutcome = 'firmware_changed' | 'changed' | 'unchanged';

/**
 * Keeps what a kiosk's join reported. One statement: the row lock taken first makes two racing
 * joins of one kiosk see each other's version, so a change adds exactly one history row and a
 * repeat adds none; the kiosk row is written only when something changed (reconnects are frequent).
 */
@CommandHandler(RecordKioskInventoryCommand)
export class RecordKioskInventoryHandler implements ICommandHandler<
  RecordKioskInventoryCommand,
  InventoryOutcome
> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
      const [row] = await queryRecords<{ updated: boolean; firmware_changed: boolean }>(
        this.dataSource,
        `WITH old AS (SELECT id, firmware_version FROM kiosks WHERE id = $1 FOR UPDATE),
         upd AS (
           UPDATE kiosks k
              SET firmware_version = COALESCE($2, k.firmware_version),
                  firmware_sort_key = CASE WHEN $2::text IS NULL THEN k.firmware_sort_key ELSE $3 END,
                  capabilities = $4::jsonb
             FROM old
            WHERE k.id = old.id
              AND (k.capabilities IS DISTINCT FROM $4::jsonb
                   OR ($2::text IS NOT NULL AND k.firmware_version IS DISTINCT FROM $2))
           RETURNING k.id),
         hist AS (
           INSERT INTO kiosk_firmware_history (kiosk_id, firmware_version)
           SELECT old.id, $2 FROM old WHERE $2::text IS NOT NULL AND old.firmware_version IS DISTINCT FROM $2
           RETURNING kiosk_id)
         SELECT EXISTS (SELECT 1 FROM upd) AS updated, EXISTS (SELECT 1 FROM hist) AS firmware_changed`,
        [kioskId, version, version === null ? null : semverSortKey(version), JSON.stringify(capabilities)],
      );
      const outcome: InventoryOutcome = row.firmware_changed
        ? 'firmware_changed'
        : row.updated
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
