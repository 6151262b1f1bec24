import type { FieldError } from '../http/field-errors';

/**
 * What a handler throws when a request cannot be honoured. Transport-agnostic: the HTTP filter maps
 * `kind` to a status code, the kiosk gateway to a `kiosk_error` code.
 */
export type DomainErrorKind =
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'unauthorized'
  | 'forbidden'
  | 'invalid'
  /** Well-formed but over a size limit of the content itself (not the whole body's): 413. */
  | 'too_large'
  | 'too_many_requests'
  /** The system is shedding load (e.g. the telemetry buffer is full); retry later. */
  | 'overloaded';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly details: FieldError[] = [],
    /** When the caller may try again (seconds): the HTTP filter sends it as `Retry-After`. */
    readonly retryAfterSec?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
export const conflict = (message: string, details: FieldError[] = []) =>
  new DomainError('conflict', message, details);
export const unprocessable = (message: string, details: FieldError[] = []) =>
  new DomainError('unprocessable', message, details);
/** A 429 that says when to come back (`Retry-After`, whole seconds, at least 1). */
export const tooManyRequests = (message: string, retryAfterSec: number) =>
  new DomainError('too_many_requests', message, [], Math.max(1, Math.ceil(retryAfterSec)));
/** A 503: this instance is shedding load; come back after `Retry-After` (whole seconds, at least 1). */
export const overloaded = (message: string, retryAfterSec: number) =>
  new DomainError('overloaded', message, [], Math.max(1, Math.ceil(retryAfterSec)));

export const DOMAIN_ERROR_STATUS: Record<DomainErrorKind, number> = {
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  unauthorized: 401,
  forbidden: 403,
  invalid: 400,
  too_large: 413,
  too_many_requests: 429,
  overloaded: 503,
};
