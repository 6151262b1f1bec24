/**
 * Cancels many commands at once (a rollout aborted or cancelled): those not yet final become
 * `cancelled`; final ones are left as they are. Answers how many were cancelled.
 */
export class CancelKioskCommandsCommand {
  constructor(readonly commandIds: readonly string[]) {}
}
