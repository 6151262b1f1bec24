import type { TelemetryBucket } from './telemetry-bucket';
import { DEFAULT_RANGE_MS, isLongRange } from './telemetry-window';

/**
 * One kiosk's telemetry over `[from, to)` of the kiosk's own clock: raw readings (keyset-paged) or
 * per-bucket aggregates. Unset bounds mean the last hour. The caller has already checked that the
 * user may see the kiosk.
 */
export class GetTelemetryQuery {
  constructor(
    readonly kioskId: number,
    readonly from: Date | undefined,
    readonly to: Date | undefined,
    readonly bucket: TelemetryBucket = 'raw',
    readonly limit: number = 500,
    readonly cursor?: string,
  ) {}

  /**
   * Whether this query spans more than a day (unset bounds as the handler resolves them): the API
   * admits such a query as a long read. Unparseable dates say no and are refused by the handler.
   */
  isLongRange(now = new Date()): boolean {
    const to = this.to ?? now;
    const from = this.from ?? new Date(to.getTime() - DEFAULT_RANGE_MS);
    return isLongRange({ from, to });
  }

  /** From the validated query string (`TelemetryQueryDto`) of `GET /kiosks/{id}/telemetry`. */
  static fromDto(
    kioskId: number,
    dto: { from?: string; to?: string; bucket?: TelemetryBucket; limit?: number; cursor?: string },
  ): GetTelemetryQuery {
    return new GetTelemetryQuery(
      kioskId,
      dto.from === undefined ? undefined : parseUtcTimestamp(dto.from),
      dto.to === undefined ? undefined : parseUtcTimestamp(dto.to),
      dto.bucket ?? 'raw',
      dto.limit ?? 500,
      dto.cursor,
    );
  }
}

/** ISO 8601 without a zone is read as UTC, as on the kiosk wire; `new Date()` would use local time. */
export function parseUtcTimestamp(value: string): Date {
  const hasTime = value.includes('T');
  const hasZone = /(Z|[+-]\d{2}(:?\d{2})?)$/i.test(value);
  return new Date(hasTime && !hasZone ? `${value}Z` : value);
}
