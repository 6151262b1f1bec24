import type { AuthenticatedUser } from '@app/contracts';

/** Daily revenue forecast of one kiosk, with a backtest against the seasonal-naive baseline. */
export class GetSalesForecastQuery {
  constructor(
    readonly viewer: AuthenticatedUser,
    readonly kioskId: number,
    readonly days: number,
    /** ISO 4217; by default the kiosk's main currency over the history window. */
    readonly currency?: string,
  ) {}
}
