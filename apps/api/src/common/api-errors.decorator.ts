import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ApiErrorDto } from '@app/core';

interface ErrorDoc {
  description: string;
  example: { message: string; details: { field: string; message: string }[] };
}

const ERRORS: Record<number, ErrorDoc> = {
  400: {
    description: 'Validation failed (field problems in `details`)',
    example: {
      message: 'Validation failed',
      details: [{ field: 'limit', message: 'limit must not be greater than 200' }],
    },
  },
  401: {
    description: 'Missing, invalid or expired credentials',
    example: { message: 'Unauthorized', details: [] },
  },
  403: {
    description: 'The credentials are valid but the role is too small',
    example: { message: 'Forbidden resource', details: [] },
  },
  404: {
    description: 'Not found, or not visible to the caller',
    example: { message: 'Kiosk not found', details: [] },
  },
  409: {
    description: 'A unique value is already taken',
    example: {
      message: 'serial is already registered',
      details: [{ field: 'serial', message: 'already taken' }],
    },
  },
  413: {
    description: 'Request body too large',
    example: { message: 'request entity too large', details: [] },
  },
  422: {
    description: 'Well-formed but not allowed in the current state',
    example: { message: 'The refund exceeds the refundable amount', details: [] },
  },
  429: {
    description: 'Too many requests',
    example: { message: 'Too many requests; retry in 1 s', details: [] },
  },
  503: {
    description: 'Temporarily unavailable; retry later',
    example: { message: 'Service Unavailable', details: [] },
  },
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
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

/**
 * One error response in the single error shape, with an example. The content is spelled out as
 * `application/json` rather than derived from `type`, so a route that `@ApiProduces` an image or
 * CSV still documents its errors as the JSON they are.
 */
export const ApiError = (
  status: number,
  description?: string,
  headers?: Record<string, { description: string; schema: { type: 'integer' } }>,
  example?: ErrorDoc['example'],
) => {
  const doc = ERRORS[status];
  const allHeaders = { ...HEADERS[status], ...headers };
  return applyDecorators(
    ApiExtraModels(ApiErrorDto),
    ApiResponse({
      status,
      description: description ?? doc?.description ?? 'Error',
      content: {
        'application/json': {
          schema: { $ref: getSchemaPath(ApiErrorDto) },
          example: {
            statusCode: status,
            error: STATUS_TEXT[status] ?? 'Error',
            message: (example ?? doc?.example)?.message ?? 'Error',
            details: (example ?? doc?.example)?.details ?? [],
          },
        },
      },
      ...(Object.keys(allHeaders).length ? { headers: allHeaders } : {}),
    }),
  );
};

/** Documents the error responses of a route, all in the single error shape. */
export const ApiErrors = (...codes: number[]) => applyDecorators(...codes.map((status) => ApiError(status)));
