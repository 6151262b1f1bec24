/** A kiosk was registered (its serial is now known; it has not connected yet). */
export class KioskRegisteredEvent {
  constructor(
    readonly kioskId: number,
    readonly serial: string,
  ) {}
}
