import type { FieldError } from '@app/core';

/**
 * Why an upload of `POST /ai/datasets` was refused: the Prometheus label, and the key of the
 * status it answers. Kept in one list so the counter's label values stay bounded.
 */
export const DATASET_REFUSAL_STATUS = {
  /** No multipart body, or no part named `file`. */
  no_file: 400,
  malformed_multipart: 400,
  unexpected_file_field: 400,
  bad_encoding: 400,
  not_csv: 400,
  missing_columns: 400,
  unknown_columns: 400,
  no_valid_row: 400,
  file_too_large: 413,
  too_many_fields: 413,
  too_many_parts: 413,
  field_too_large: 413,
  too_many_columns: 413,
  record_too_large: 413,
  too_many_rows: 413,
  timeout: 422,
  user_busy: 429,
  instance_busy: 503,
  /** The client went away before the answer; nothing is sent. */
  client_disconnected: 499,
} as const;

export type DatasetRefusalReason = keyof typeof DATASET_REFUSAL_STATUS;

export const DATASET_REFUSAL_REASONS = Object.keys(DATASET_REFUSAL_STATUS) as DatasetRefusalReason[];

/** What a refusal carries across the worker boundary (structured-clone friendly). */
export interface DatasetRefusalInfo {
  reason: DatasetRefusalReason;
  message: string;
  details: FieldError[];
}

/** Thrown by the parser, the worker pool and the upload receiver; mapped to HTTP by the controller side. */
export class DatasetRefusal extends Error {
  constructor(
    readonly reason: DatasetRefusalReason,
    message: string,
    readonly details: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DatasetRefusal';
  }

  get status(): number {
    return DATASET_REFUSAL_STATUS[this.reason];
  }

  toInfo(): DatasetRefusalInfo {
    return { reason: this.reason, message: this.message, details: this.details };
  }

  static fromInfo(info: DatasetRefusalInfo): DatasetRefusal {
    return new DatasetRefusal(info.reason, info.message, info.details);
  }
}
