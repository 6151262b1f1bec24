import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ApiErrorDto } from '@app/core';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Validation failed (field problems in `details`)',
  401: 'Missing, invalid or expired access token',
  403: 'The token is valid but the role is too small',
  404: 'Not found, or not visible to the caller',
  409: 'A unique value is already taken',
  413: 'Request body too large',
  422: 'Well-formed but not allowed in the current state',
  429: 'Too many requests',
};

/** Every 429 says when to come back. */
const HEADERS: Record<number, Record<string, { description: string; schema: { type: 'integer' } }>> = {
  429: {
    'Retry-After': {
      description: 'Seconds until the request may be made again',
      schema: { type: 'integer' },
    },
  },
};

/** Documents the error responses of a route, all in the single error shape. */
export const ApiErrors = (...codes: number[]) =>
  applyDecorators(
    ...codes.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        type: ApiErrorDto,
        ...(HEADERS[status] ? { headers: HEADERS[status] } : {}),
      }),
    ),
  );
