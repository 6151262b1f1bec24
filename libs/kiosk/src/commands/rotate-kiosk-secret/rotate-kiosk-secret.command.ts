export class RotateKioskSecretCommand {
  constructor(readonly kioskId: number) {}
}
