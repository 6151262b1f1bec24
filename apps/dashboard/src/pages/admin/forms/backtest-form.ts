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

/**
 * The last 24 hours: enough readings to judge a threshold, quick to replay. The inputs hold whole
 * minutes, so `to` is the next one: readings of the current minute are replayed too.
 */
export function defaultBacktest(now: Date = new Date()): BacktestValues {
  const to = new Date(Math.ceil(now.getTime() / 60_000) * 60_000);
  return { from: toLocalDateTime(new Date(to.getTime() - 86_400_000)), to: toLocalDateTime(to) };
}

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
