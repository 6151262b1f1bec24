import type { PaymentFilter } from '../../services/payment-filters';
import type { PaymentUser } from '../../services/payment-access';

/** Payments the user may see, newest first (occurredAt, then id), one keyset page. */
export class ListPaymentsQuery {
  constructor(
    readonly user: PaymentUser,
    readonly filter: PaymentFilter,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
