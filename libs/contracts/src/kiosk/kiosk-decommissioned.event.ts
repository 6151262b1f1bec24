/** A kiosk was retired for good: it may no longer connect and is never a command target. */
export class KioskDecommissionedEvent {
  constructor(readonly kioskId: number) {}
}
