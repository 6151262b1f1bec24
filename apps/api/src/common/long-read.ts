import { applyDecorators } from '@nestjs/common';
import type { Response } from 'express';
import { tooManyRequests } from '@app/core';
import { AuthenticatedUser } from '@app/contracts';
import { isRefusal, LongReadKind, LongReads } from '@app/database';
import { ApiError } from './api-errors.decorator';

/** Seconds a refused long read is told to wait: long reads last seconds to minutes. */
export const LONG_READ_RETRY_AFTER_SEC = 5;

const WHAT: Record<LongReadKind, string> = {
  payments_csv: 'payments CSV exports',
  telemetry_range: 'telemetry queries over more than 24 h',
  telemetry_export: 'telemetry exports',
};

/**
 * Admits a long read for the caller for as long as its response lives (finished, failed, or cut
 * off by the client: the place is given back on the response's `close`). Over a cap: 429 in the
 * error shape with `Retry-After`.
 */
export function admitLongRead(
  longReads: LongReads,
  kind: LongReadKind,
  user: AuthenticatedUser,
  res: Response,
): void {
  const admitted = longReads.tryEnter(kind, user.id);
  if (isRefusal(admitted)) {
    throw tooManyRequests(
      admitted.refused === 'per_user'
        ? `At most ${admitted.limit} ${WHAT[kind]} may run at once per user; retry when one has finished`
        : `This instance is already running ${admitted.limit} ${WHAT[kind]}; retry in a few seconds`,
      LONG_READ_RETRY_AFTER_SEC,
    );
  }
  res.once('close', () =>
    admitted.release(res.writableFinished ? (res.statusCode < 400 ? 'completed' : 'failed') : 'aborted'),
  );
}

/** Swagger: the 429 and 503 a long read can answer, with `Retry-After` on the 429. */
export const ApiLongReadErrors = () =>
  applyDecorators(
    ApiError(
      429,
      'Too many long reads running: over LONG_READS_PER_USER for the caller or LONG_READS_PER_INSTANCE ' +
        'for this instance (defaults 2 and 4)',
      { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } },
    ),
    ApiError(
      503,
      'A statement ran past LONG_READ_STATEMENT_TIMEOUT_MS (default 30 s) and was stopped; narrow the ' +
        'filters or the range',
    ),
  );
