/**
 * These kiosks have commands to deliver now: one was issued, or a hold on them (maintenance, a
 * payment session) was lifted. Published in the API process where it happened; whatever holds the
 * kiosks' sockets there claims and sends them, and announces the rest to the other instances.
 */
export class CommandsBecameDeliverableEvent {
  constructor(readonly kioskIds: readonly number[]) {}
}
