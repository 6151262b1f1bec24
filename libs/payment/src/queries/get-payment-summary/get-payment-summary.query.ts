import type { SummaryGroupBy } from '../../dto/payment-query.dto';
import type { PaymentUser } from '../../services/payment-access';

/** Totals of the payments that did not fail, per UTC day, kiosk or method, and currency. */
export class GetPaymentSummaryQuery {
  constructor(
    readonly user: PaymentUser,
    readonly groupBy: SummaryGroupBy,
    readonly range: { from?: string; to?: string },
    readonly currency?: string,
    readonly kioskId?: number,
  ) {}
}
