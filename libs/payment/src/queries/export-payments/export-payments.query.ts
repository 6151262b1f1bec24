import type { PaymentFilter } from '../../services/payment-filters';
import type { PaymentUser } from '../../services/payment-access';

/**
 * Every payment matching the filter, newest first, as a stream of payment resources read in
 * keyset chunks: memory stays flat whatever the number of rows, each chunk is one short statement
 * under the long-read statement timeout, and a slow reader holds no database connection between
 * chunks (the next chunk is read only when the reader has taken the previous one).
 */
export class ExportPaymentsQuery {
  constructor(
    readonly user: PaymentUser,
    readonly filter: PaymentFilter,
  ) {}
}
