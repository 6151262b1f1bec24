/**
 * A kiosk's join reported its inventory (every join, changed or not): a rollout learns from it that
 * an updated kiosk came back, and on which firmware. `firmwareVersion` is null when the join named none.
 */
export class KioskInventoryRecordedEvent {
  constructor(
    readonly kioskId: number,
    readonly firmwareVersion: string | null,
    readonly at: Date,
  ) {}
}
