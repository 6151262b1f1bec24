import type { PaymentUser } from '../../services/payment-access';

export class GetPaymentQuery {
  constructor(
    readonly paymentId: string,
    readonly user: PaymentUser,
  ) {}
}
