/** A kiosk reported that its open payment session ended: held commands may go out. */
export class KioskPaymentSessionEndedEvent {
  constructor(readonly kioskId: number) {}
}
