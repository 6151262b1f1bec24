import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ApiErrorDto } from '@app/core';

/** The error responses of /api-keys, each with the body really sent. */
const EXAMPLES: Record<number, { description: string; body: Omit<ApiErrorDto, 'requestId'> }> = {
  400: {
    description:
      'Validation failed (field problems in `details`), an unknown field, or both credentials sent',
    body: {
      statusCode: 400,
      error: 'Bad Request',
      message: 'Validation failed',
      details: [{ field: 'tags', message: 'tags must name at least one tag' }],
    },
  },
  401: {
    description: 'Missing, invalid or expired access token (or API key)',
    body: { statusCode: 401, error: 'Unauthorized', message: 'Missing or invalid access token', details: [] },
  },
  403: {
    description: 'Not an admin; API keys never are',
    body: { statusCode: 403, error: 'Forbidden', message: 'This action needs role admin', details: [] },
  },
  404: {
    description: 'No such key, or it was revoked',
    body: { statusCode: 404, error: 'Not Found', message: 'API key not found', details: [] },
  },
};

export const ApiKeyErrors = (...codes: Array<keyof typeof EXAMPLES>) =>
  applyDecorators(
    ...codes.map((status) =>
      ApiResponse({
        status,
        description: EXAMPLES[status].description,
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/ApiErrorDto' },
            example: EXAMPLES[status].body,
          },
        },
      }),
    ),
  );
