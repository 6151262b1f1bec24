/**
 * Sent by the API instance holding sockets of these kiosks: marks what it is about to emit as
 * `sent` and returns it. `includeSent` redelivers commands sent before (after a (re)join): the
 * kiosk sees the same command_id and can ignore a repeat. One statement claims for many kiosks, so
 * a bulk fan-out to 10,000 kiosks costs a handful of round trips, not three per kiosk.
 */
export class ClaimDeliverableCommandsCommand {
  constructor(
    readonly kioskIds: readonly number[],
    readonly includeSent: boolean,
    /** Commands the receiving connection already has: never claimed again by this call. */
    readonly exceptIds: readonly string[] = [],
  ) {}
}
