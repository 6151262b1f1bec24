import { CopyInvalidTextError, CopyValueOutOfRangeError } from '@app/database';

/** Why a reading was set aside as one the store can never hold (a label of telemetry_readings_set_aside_total). */
export type SetAsideReason =
  'out_of_range' | 'invalid_text' | 'not_null' | 'constraint' | 'unencodable' | 'data_exception';

export const SET_ASIDE_REASONS: readonly SetAsideReason[] = [
  'out_of_range',
  'invalid_text',
  'not_null',
  'constraint',
  'unencodable',
  'data_exception',
];

/**
 * A reading the store refused for good: resending it would fail the same way, so it is answered
 * `invalid_payload` (never `overloaded`) and the rest of its batch is stored without it.
 */
export class RejectedReading {
  constructor(
    readonly reason: SetAsideReason,
    /** The reading's field as the kiosk wire names it, e.g. `location.accuracy`. */
    readonly field: string,
    readonly message: string,
  ) {}
}

/** The wire's name of each telemetry column, for the details of a refusal. */
const FIELD_OF_COLUMN: Readonly<Record<string, string>> = {
  kiosk_id: 'kiosk_id',
  ts: 'timestamp',
  received_at: 'received_at',
  seq: 'seq',
  temperature: 'environmental.temperature',
  humidity: 'environmental.humidity',
  air_quality: 'environmental.air_quality',
  cpu_temp: 'hardware.cpu_temp',
  cpu_usage: 'hardware.cpu_usage',
  ram_usage: 'hardware.ram_usage',
  disk_usage: 'hardware.disk_usage',
  printer_status: 'peripherals.printer_status',
  cash_acceptor: 'peripherals.cash_acceptor',
  card_reader: 'peripherals.card_reader',
  lat: 'location.lat',
  lng: 'location.lng',
  accuracy: 'location.accuracy',
  latency: 'network.latency',
  signal_strength: 'network.signal_strength',
  extra: 'extra',
  anomaly_score: 'anomaly_score',
};

export const fieldOfColumn = (column: string | undefined): string =>
  (column && FIELD_OF_COLUMN[column]) || 'reading';

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A value of `column` could not be encoded for COPY (refused before it reached the database). */
export function rejectionOfEncoding(e: unknown, column: string | undefined): RejectedReading {
  const reason: SetAsideReason =
    e instanceof CopyValueOutOfRangeError
      ? 'out_of_range'
      : e instanceof CopyInvalidTextError
        ? 'invalid_text'
        : 'unencodable'; // e.g. an `extra` JSON cannot represent (a BigInt, a cycle)
  return new RejectedReading(reason, fieldOfColumn(column), messageOf(e));
}

interface PgErrorLike {
  code?: unknown;
  where?: unknown;
  column?: unknown;
}

/**
 * SQLSTATE classes 22 (data exception), 23 (integrity constraint) and 54 (program limit, e.g. a
 * value too large) belong to the rows, not to the database's health: retrying the same rows fails
 * the same way. Everything else (connection refused or reset, admin shutdown, too many
 * connections, out of disk, …) is an outage, retried until it passes.
 */
export function isRowErrorCode(code: unknown): code is string {
  return typeof code === 'string' && code.length === 5 && /^(?:22|23|54)/.test(code);
}

/** The SQLSTATE of a row error whose COPY line is unknown is still a row error, with a reason. */
export function reasonOfSqlState(code: string): SetAsideReason {
  if (code === '22003' || code === '22008') return 'out_of_range';
  if (code === '22021' || code === '22P02' || code === '22P05') return 'invalid_text';
  if (code === '23502') return 'not_null';
  if (code.startsWith('23')) return 'constraint';
  return 'data_exception';
}

// PostgreSQL's COPY error context: "COPY telemetry, line 3, column extra" (binary COPY numbers rows as lines).
const COPY_CONTEXT = /COPY telemetry, line (\d+)(?:, column (\w+))?/;

/** Which row (1-based) and column of a COPY the database refused, when its error says. */
export function copyErrorPosition(e: unknown): { line: number; column: string | undefined } | undefined {
  const where = (e as PgErrorLike | null)?.where;
  if (typeof where !== 'string') return undefined;
  const m = COPY_CONTEXT.exec(where);
  if (!m) return undefined;
  return { line: Number(m[1]), column: m[2] };
}

/** A database refusal of one row, as a rejection with its reason and field. */
export function rejectionOfDatabase(e: unknown, column: string | undefined): RejectedReading {
  const err = e as PgErrorLike | null;
  const code = typeof err?.code === 'string' ? err.code : '';
  const col = column ?? (typeof err?.column === 'string' ? err.column : undefined);
  return new RejectedReading(reasonOfSqlState(code), fieldOfColumn(col), messageOf(e));
}
