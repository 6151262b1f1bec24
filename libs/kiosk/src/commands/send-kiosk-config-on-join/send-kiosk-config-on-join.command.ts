/**
 * A kiosk joined (CONTRACT §8): while it is behind its desired settings, it gets a `configure`,
 * unless one carrying the current version is still on its way (the join redelivers that one).
 * Answers whether a new command was issued.
 */
export class SendKioskConfigOnJoinCommand {
  constructor(readonly kioskId: number) {}
}
