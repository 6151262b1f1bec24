import { IQueryHandler, QueryBus, QueryHandler, QueryHandlerNotFoundException } from '@nestjs/cqrs';
import { currencyExponent, notFound, unprocessable } from '@app/core';
import { CanUserSeeKioskQuery, DailyNetSales, GetDailyNetSalesQuery } from '@app/contracts';
import {
  backtestHoltWinters,
  fitHoltWinters,
  ForecastPoint,
  forecastHoltWinters,
  MIN_HISTORY_DAYS,
} from './holt-winters';
import { GetSalesForecastQuery } from './get-sales-forecast.query';
import type { SalesForecastDto } from './sales-forecast.dto';

/** A year of daily history: enough for the weekly pattern and its drift, cheap to fit. */
const HISTORY_DAYS = 365;
const DAY_MS = 86_400_000;
const Z95 = 1.959964;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Asks the payment module for the kiosk's net revenue per UTC day (sales minus refunds), up to yesterday (today is still being sold), fills the days without sales with zero,
 * and forecasts the next days.
 */
@QueryHandler(GetSalesForecastQuery)
export class GetSalesForecastHandler implements IQueryHandler<GetSalesForecastQuery, SalesForecastDto> {
  constructor(private readonly queries: QueryBus) {}

  async execute(q: GetSalesForecastQuery): Promise<SalesForecastDto> {
    if (
      !(await this.queries.execute<CanUserSeeKioskQuery, boolean>(
        new CanUserSeeKioskQuery(q.viewer, q.kioskId),
      ))
    ) {
      throw notFound('Kiosk');
    }
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const rows = await this.dailyNetSales(q.kioskId, isoDay(today - HISTORY_DAYS * DAY_MS), isoDay(today));
    const currency = q.currency ?? mainCurrency(rows);
    const mine = rows.filter((r) => r.currency === currency);
    if (!currency || mine.length === 0) {
      throw unprocessable(
        q.currency
          ? `Kiosk ${q.kioskId} has no ${q.currency} sales in the last ${HISTORY_DAYS} days to forecast from`
          : `Kiosk ${q.kioskId} has no sales in the last ${HISTORY_DAYS} days to forecast from`,
      );
    }
    const exponent = currencyExponent(currency) ?? 2;
    const scale = 10 ** exponent;
    const byDay = new Map(mine.map((r) => [r.day, Number(r.netMinor) / scale]));
    const first = Math.min(...mine.map((r) => Date.parse(`${r.day}T00:00:00Z`)));
    const history: number[] = [];
    for (let t = first; t < today; t += DAY_MS) history.push(byDay.get(isoDay(t)) ?? 0);

    const longEnough = history.length >= MIN_HISTORY_DAYS;
    // The history ends yesterday, so the first step ahead is today (still being sold): skipped.
    const points = (
      longEnough
        ? forecastHoltWinters(fitHoltWinters(history), q.days + 1)
        : meanForecast(history, q.days + 1)
    ).slice(1);
    const backtest = longEnough ? backtestHoltWinters(history) : null;
    const round = (x: number) => Math.round(x * scale) / scale;
    return {
      kioskId: q.kioskId,
      currency,
      method: longEnough ? 'holt_winters' : 'mean',
      historyDays: history.length,
      days: points.map((p, i) => ({
        date: isoDay(today + (i + 1) * DAY_MS),
        expected: round(p.expected),
        low: round(p.low),
        high: round(p.high),
      })),
      backtest: backtest ?? { mape: null, baselineMape: null, days: 0 },
    };
  }

  /** Without the payment module nothing was sold: the same answer as a kiosk without sales. */
  private async dailyNetSales(kioskId: number, fromDay: string, toDay: string): Promise<DailyNetSales[]> {
    try {
      return await this.queries.execute<GetDailyNetSalesQuery, DailyNetSales[]>(
        new GetDailyNetSalesQuery(kioskId, fromDay, toDay),
      );
    } catch (e) {
      if (e instanceof QueryHandlerNotFoundException) return [];
      throw e;
    }
  }
}

/** The currency with the most revenue over the window (a kiosk normally sells in one). */
function mainCurrency(rows: readonly DailyNetSales[]): string | undefined {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.currency, (totals.get(r.currency) ?? 0) + Number(r.netMinor));
  return [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

/** Under two weeks there is no weekly pattern to fit: the daily mean, with an interval from the spread. */
function meanForecast(history: readonly number[], horizon: number): ForecastPoint[] {
  const n = history.length;
  const mean = history.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(history.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : mean;
  // The uncertainty of the mean itself grows the interval a little on top of the day-to-day spread.
  const spread = Z95 * sd * Math.sqrt(1 + 1 / n);
  return Array.from({ length: horizon }, () => ({
    expected: mean,
    low: Math.max(0, mean - spread),
    high: mean + spread,
  }));
}
