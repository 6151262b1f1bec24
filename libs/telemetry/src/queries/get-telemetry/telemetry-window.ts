import { decodeCursor, DomainError, FieldError } from '@app/core';
import type { TelemetryBucket } from './telemetry-bucket';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export const DEFAULT_RANGE_MS = HOUR_MS;
/**
 * Beyond this span a query is a long read: admitted under the per-user and per-instance caps and run
 * under the statement timeout (bucket queries scan every reading of the range).
 */
export const LONG_RANGE_MS = DAY_MS;
export const MAX_LIMIT = 1000;

export const BUCKET_WIDTH: Record<Exclude<TelemetryBucket, 'raw'>, { ms: number; sql: string }> = {
  '1m': { ms: MINUTE_MS, sql: '1 minute' },
  '1h': { ms: HOUR_MS, sql: '1 hour' },
  '1d': { ms: DAY_MS, sql: '1 day' },
};

/** Widest range per query, so one request cannot scan a fleet's worth of history. */
export const MAX_RANGE_MS: Record<TelemetryBucket, number> = {
  raw: 31 * DAY_MS,
  '1m': 31 * DAY_MS,
  '1h': 366 * DAY_MS,
  '1d': 3660 * DAY_MS,
};

export interface TelemetryWindow {
  from: Date;
  to: Date;
  limit: number;
  /** Raw: the (ts, id) of the last row sent. Buckets: where the next bucket starts. Epoch µs. */
  after?: { tsMicros: string; id: string };
}

/** Whether the resolved window is a long read (see LONG_RANGE_MS). */
export const isLongRange = (w: { from: Date; to: Date }): boolean =>
  w.to.getTime() - w.from.getTime() > LONG_RANGE_MS;

const invalid = (details: FieldError[]) => new DomainError('invalid', 'Invalid telemetry query', details);

/** Defaults and checks of a telemetry query; `now` is injected so the rules are testable. */
export function resolveTelemetryWindow(
  q: { from?: Date; to?: Date; bucket: TelemetryBucket; limit: number; cursor?: string },
  now: Date,
): TelemetryWindow {
  const details: FieldError[] = [];
  if (q.from && Number.isNaN(q.from.getTime())) details.push({ field: 'from', message: 'must be a date' });
  if (q.to && Number.isNaN(q.to.getTime())) details.push({ field: 'to', message: 'must be a date' });
  if (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > MAX_LIMIT) {
    details.push({ field: 'limit', message: `must be an integer from 1 to ${MAX_LIMIT}` });
  }
  if (details.length) throw invalid(details);

  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - DEFAULT_RANGE_MS);
  if (from.getTime() >= to.getTime()) throw invalid([{ field: 'from', message: 'must be before `to`' }]);
  const max = MAX_RANGE_MS[q.bucket];
  if (to.getTime() - from.getTime() > max) {
    throw invalid([
      { field: 'to', message: `the range of bucket=${q.bucket} may span at most ${max / DAY_MS} days` },
    ]);
  }
  return { from, to, limit: q.limit, after: decodeTelemetryCursor(q.cursor, q.bucket) };
}

const MICROS = /^-?\d{1,19}$/;

/**
 * Cursors carry epoch microseconds as a string: timestamptz keeps µs, a JS Date only ms, and a
 * cursor rounded to ms would skip or repeat rows that share a millisecond.
 */
export function decodeTelemetryCursor(
  raw: string | undefined,
  bucket: TelemetryBucket,
): TelemetryWindow['after'] {
  const c = decodeCursor(raw);
  if (!c) return undefined;
  const k = String(c.k);
  const id = String(c.id);
  const ok = MICROS.test(k) && (bucket === 'raw' ? /^\d{1,19}$/.test(id) : id === bucket);
  if (!ok) throw invalid([{ field: 'cursor', message: 'invalid cursor for this query' }]);
  return { tsMicros: k, id };
}
