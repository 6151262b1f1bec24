import type { PaymentFilter } from '../../services/payment-filters';
import type { PaymentUser } from '../../services/payment-access';

/**
 * Every payment matching the filter, newest first, as a stream of payment resources read through a
 * database cursor: memory stays flat whatever the number of rows, and a slow reader slows the
 * cursor down (backpressure) instead of buffering.
 */
export class ExportPaymentsQuery {
  constructor(
    readonly user: PaymentUser,
    readonly filter: PaymentFilter,
  ) {}
}
