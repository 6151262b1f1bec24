import type { Schema } from '@kiosk-fleet/sdk';
import { parseLocalDateTime, toLocalDateTime, validationMessage, type FieldErrors } from './rules';

/** The API replays at most 31 days (backtest-alert-rule.handler.ts). */
export const MAX_BACKTEST_DAYS = 31;

export interface BacktestValues {
  from: string;
  to: string;
}
export type BacktestField = keyof BacktestValues;
export const BACKTEST_FIELDS: readonly BacktestField[] = ['from', 'to'];

/** The last 24 hours: enough readings to judge a threshold, quick to replay. */
export const defaultBacktest = (now: Date = new Date()): BacktestValues => ({
  from: toLocalDateTime(new Date(now.getTime() - 86_400_000)),
  to: toLocalDateTime(now),
});

export function validateBacktest(v: BacktestValues): FieldErrors<BacktestField> {
  const errors: FieldErrors<BacktestField> = {};
  const from = parseLocalDateTime(v.from);
  const to = parseLocalDateTime(v.to);
  if (!from) errors.from = validationMessage('dateTime');
  if (!to) errors.to = validationMessage('dateTime');
  else if (from && to <= from) errors.to = validationMessage('toAfterFrom');
  else if (from && to.getTime() - from.getTime() > MAX_BACKTEST_DAYS * 86_400_000) {
    errors.to = validationMessage('maxDays', { days: MAX_BACKTEST_DAYS });
  }
  return errors;
}

export function backtestBody(v: BacktestValues): Schema<'BacktestDto'> {
  return {
    from: (parseLocalDateTime(v.from) ?? new Date()).toISOString(),
    to: (parseLocalDateTime(v.to) ?? new Date()).toISOString(),
  };
}
