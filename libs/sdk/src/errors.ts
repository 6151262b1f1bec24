import type { components } from './generated/openapi';

/** The one error shape every REST error has (CONTRACT §2), as the spec describes it. */
export type ApiErrorBody = components['schemas']['ApiErrorDto'];
export type FieldError = components['schemas']['FieldErrorDto'];

/**
 * A non-2xx answer from the API. Carries the contract's error fields as they were sent; when the
 * body is not the contract's shape (a proxy's HTML page, an empty 502) they are derived from the
 * status line so callers can always branch on `statusCode`.
 */
export class KioskFleetApiError extends Error {
  override readonly name = 'KioskFleetApiError';
  readonly statusCode: number;
  /** The HTTP reason phrase, e.g. "Bad Request". */
  readonly error: string;
  /** Field problems (`[{ field, message }]`), present on validation errors. */
  readonly details: FieldError[] | undefined;
  /** The server's request id: quote it when reporting a problem. */
  readonly requestId: string | undefined;
  /** Seconds to wait before retrying, from `Retry-After` (429, 503), when sent. */
  readonly retryAfterSec: number | undefined;
  readonly method: string;
  readonly url: string;

  constructor(init: {
    statusCode: number;
    error: string;
    message: string;
    details?: FieldError[];
    requestId?: string;
    retryAfterSec?: number;
    method: string;
    url: string;
  }) {
    super(init.message);
    this.statusCode = init.statusCode;
    this.error = init.error;
    this.details = init.details;
    this.requestId = init.requestId;
    this.retryAfterSec = init.retryAfterSec;
    this.method = init.method;
    this.url = init.url;
  }

  /** The error as the contract's JSON shape (what the server sent, or its equivalent). */
  toJSON(): ApiErrorBody {
    return {
      statusCode: this.statusCode,
      error: this.error,
      message: this.message,
      // The contract's shape always has details (a proxy's page had none to give).
      details: this.details ?? [],
      ...(this.requestId ? { requestId: this.requestId } : {}),
    };
  }

  /**
   * Builds the error from a response and its already-parsed body (openapi-fetch parses JSON error
   * bodies and hands text bodies over as strings).
   */
  static fromResponse(response: Response, body: unknown, method: string): KioskFleetApiError {
    const shaped = isApiErrorBody(body) ? body : undefined;
    return new KioskFleetApiError({
      statusCode: shaped?.statusCode ?? response.status,
      error: shaped?.error ?? (response.statusText || `HTTP ${response.status}`),
      message:
        shaped?.message ??
        (typeof body === 'string' && body.length > 0 ? body.slice(0, 500) : `HTTP ${response.status}`),
      details: shaped?.details,
      requestId: shaped?.requestId ?? response.headers.get('x-request-id') ?? undefined,
      retryAfterSec: parseRetryAfter(response.headers.get('retry-after')),
      method,
      url: response.url,
    });
  }
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // An HTTP date names its day and month; anything else ("-5", "soon") is not a Retry-After.
  if (!/^[a-z]{3}, /i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return (
    typeof b.statusCode === 'number' &&
    typeof b.error === 'string' &&
    typeof b.message === 'string' &&
    (b.details === undefined || Array.isArray(b.details)) &&
    (b.requestId === undefined || typeof b.requestId === 'string')
  );
}
