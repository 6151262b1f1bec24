/**
 * Sent by the API instance holding a socket of the kiosk: marks what it is about to emit as `sent`
 * and returns it. `includeSent` redelivers commands sent before (after a (re)join): the kiosk sees
 * the same command_id and can ignore a repeat.
 */
export class ClaimDeliverableCommandsCommand {
  constructor(
    readonly kioskId: number,
    readonly includeSent: boolean,
  ) {}
}
