/**
 * A kiosk's net sales (sales minus refunds, in minor units) per UTC day and currency, for the days
 * in [fromDay, toDay) (`YYYY-MM-DD`); days without sales are absent. Answered by the payment module
 * from its daily totals; the AI module's sales forecast asks it.
 */
export class GetDailyNetSalesQuery {
  constructor(
    readonly kioskId: number,
    readonly fromDay: string,
    readonly toDay: string,
  ) {}
}

export interface DailyNetSales {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  currency: string;
  /** A decimal string: a year of sums may pass 2^53 minor units. */
  netMinor: string;
}
