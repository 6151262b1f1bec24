import type { KioskCapabilities } from '../../services/firmware-version';

/**
 * What a kiosk reported in `kiosk_join`: kept as its inventory. A null (or empty) firmware version
 * means the join named none, and leaves the one on record.
 */
export class RecordKioskInventoryCommand {
  constructor(
    readonly kioskId: number,
    readonly firmwareVersion: string | null,
    readonly capabilities: KioskCapabilities,
  ) {}
}
