import type { TelemetryReading } from '@app/contracts';
import { isRowErrorCode, RejectedReading } from './row-rejection';

/**
 * What became of one reading of a batch: stored (true), stored before (false: a resend), or
 * refused for good by the store.
 */
export type StoreOutcome = boolean | RejectedReading;

/**
 * How a batch reached the table, fastest first (a label of telemetry_batches_total):
 * - `copy`: one binary COPY (readings the encoder refused were left out of it);
 * - `copy_retried`: the database refused a row; the rest went in as another COPY;
 * - `copy_deduped`: a resend was refused by the unique index; the rest went in as another COPY
 *   (from a second resend on, after one lookup of the batch's other readings);
 * - `insert`: the duplicate-skipping INSERT (several races with concurrent batches in a row);
 * - `row_by_row`: a refusal no row could be told from: each reading written alone.
 */
export type WritePath = 'copy' | 'copy_retried' | 'copy_deduped' | 'insert' | 'row_by_row';
export const WRITE_PATHS: readonly WritePath[] = [
  'copy',
  'copy_retried',
  'copy_deduped',
  'insert',
  'row_by_row',
];

/** The slower of two paths: a batch is counted under the slowest one it took. */
export const slowerPath = (a: WritePath, b: WritePath): WritePath =>
  WRITE_PATHS.indexOf(a) >= WRITE_PATHS.indexOf(b) ? a : b;

export interface SinkBatch {
  /** Per reading, in order. */
  outcomes: StoreOutcome[];
  path: WritePath;
}

/** Where batches go. The writer's policy (batching, retries, backpressure) does not depend on SQL. */
export abstract class TelemetrySink {
  /**
   * Stores the readings in one go, none of which share (kiosk, seq, timestamp), and answers what
   * became of each. Throws an InvalidReadingError when the store refused the batch without saying
   * which reading it could not hold, and anything else when the store is unavailable (transient).
   */
  abstract insert(readings: readonly TelemetryReading[]): Promise<SinkBatch>;
}

/** A reading the database (or its serialisation) refuses: retrying it would fail forever. */
export class InvalidReadingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidReadingError';
  }
}

/** A refusal that belongs to the rows, not to the database's health: split, never retried. */
export function isInvalidReadingError(e: unknown): boolean {
  return e instanceof InvalidReadingError || isRowErrorCode((e as { code?: unknown } | null)?.code);
}
