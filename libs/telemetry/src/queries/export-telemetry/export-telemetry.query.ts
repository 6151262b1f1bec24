import { DomainError, FieldError } from '@app/core';
import { parseUtcTimestamp } from '../get-telemetry/get-telemetry.query';
import { DEFAULT_RANGE_MS, MAX_RANGE_MS } from '../get-telemetry/telemetry-window';

/**
 * Widest range one export may span: the raw telemetry query's (31 days). Even a kiosk reporting every
 * second stays under ~3 M rows per file; longer histories are exported month by month.
 */
export const TELEMETRY_EXPORT_MAX_RANGE_MS = MAX_RANGE_MS.raw;

const DAY_MS = 86_400_000;

/**
 * Every raw reading of one kiosk over `[from, to)` of the kiosk's own clock, in (timestamp, id)
 * order, as a stream read in keyset chunks on the long-read pool. Bounds are resolved and checked
 * when the query is made, so a bad range is a 400 before the API admits the export as a long read.
 * The caller has already checked that the user may see the kiosk.
 */
export class ExportTelemetryQuery {
  private constructor(
    readonly kioskId: number,
    readonly from: Date,
    readonly to: Date,
  ) {}

  /**
   * From the validated query string of `GET /kiosks/{id}/telemetry/export`. Defaults as the
   * telemetry query: `to` now, `from` an hour before `to`. Throws `invalid` (400, with details) for
   * an unreadable date, `from` not before `to`, or a range over TELEMETRY_EXPORT_MAX_RANGE_MS.
   */
  static of(kioskId: number, q: { from?: string; to?: string }, now = new Date()): ExportTelemetryQuery {
    const from = q.from === undefined ? undefined : parseUtcTimestamp(q.from);
    const to = q.to === undefined ? undefined : parseUtcTimestamp(q.to);
    const details: FieldError[] = [];
    if (from && Number.isNaN(from.getTime())) details.push({ field: 'from', message: 'must be a date' });
    if (to && Number.isNaN(to.getTime())) details.push({ field: 'to', message: 'must be a date' });
    if (details.length) throw invalid(details);

    const end = to ?? now;
    const start = from ?? new Date(end.getTime() - DEFAULT_RANGE_MS);
    if (start.getTime() >= end.getTime()) throw invalid([{ field: 'from', message: 'must be before `to`' }]);
    if (end.getTime() - start.getTime() > TELEMETRY_EXPORT_MAX_RANGE_MS) {
      throw invalid([
        { field: 'to', message: `an export may span at most ${TELEMETRY_EXPORT_MAX_RANGE_MS / DAY_MS} days` },
      ]);
    }
    return new ExportTelemetryQuery(kioskId, start, end);
  }
}

const invalid = (details: FieldError[]) =>
  new DomainError('invalid', 'Invalid telemetry export range', details);
