export class DecommissionKioskCommand {
  constructor(readonly kioskId: number) {}
}
