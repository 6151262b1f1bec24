/** A kiosk's secret changed: sockets authenticated with the old one must go. */
export class KioskSecretRotatedEvent {
  constructor(readonly kioskId: number) {}
}
