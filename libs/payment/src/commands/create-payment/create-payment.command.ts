import type { CreatePaymentDto } from '../../dto/payment-input.dto';
import type { PaymentUser } from '../../services/payment-access';

/** `POST /payments`: an admin, or the operator of the kiosk, records a payment. */
export class CreatePaymentCommand {
  constructor(
    readonly user: PaymentUser,
    readonly body: CreatePaymentDto,
    readonly idempotencyKey?: string,
  ) {}
}
