/**
 * Which of these kiosks' latest reports say a payment session is open (a customer mid-purchase).
 * The command module holds disruptive commands meanwhile. Answered by the payment module; without
 * it, the command module sees no session.
 */
export class GetKiosksInPaymentSessionQuery {
  constructor(readonly kioskIds: readonly number[]) {}
}
export type KiosksInPaymentSession = ReadonlySet<number>;
