/** An admin edited the kiosk's name, location or tags (caches of them elsewhere are stale). */
export class KioskUpdatedEvent {
  constructor(readonly kioskId: number) {}
}
