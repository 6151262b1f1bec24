/**
 * The current status of one command, for modules that follow commands they issued (a payment
 * refund) and must catch up after missing its events (e.g. across a restart). Null: no such command.
 */
export class GetKioskCommandStatusQuery {
  constructor(readonly commandId: string) {}
}
