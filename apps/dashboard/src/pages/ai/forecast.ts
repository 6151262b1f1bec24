import type { Schema } from '@kiosk-fleet/sdk';

export type SalesForecast = Schema<'SalesForecastDto'>;

/** uPlot's columns: x (unix seconds of each UTC day), expected, low, high. */
export type ForecastColumns = [number[], number[], number[], number[]];

export function forecastColumns(forecast: Pick<SalesForecast, 'days'>): ForecastColumns {
  const cols: ForecastColumns = [[], [], [], []];
  for (const day of forecast.days) {
    cols[0].push(Date.parse(`${day.date}T00:00:00Z`) / 1000);
    cols[1].push(day.expected);
    cols[2].push(day.low);
    cols[3].push(day.high);
  }
  return cols;
}
