import type { PaymentUser } from '../../services/payment-access';

/** `POST /payments/{id}/refund`: all of what is left (no amount) or part of it. */
export class RefundPaymentCommand {
  constructor(
    readonly paymentId: string,
    readonly user: PaymentUser,
    readonly amount: string | number | undefined,
    readonly reason: string,
    readonly idempotencyKey?: string,
  ) {}
}
