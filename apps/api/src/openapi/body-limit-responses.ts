import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

function payloadTooLarge(): ResponseObject {
  return {
    description: 'The body is larger than BODY_LIMIT (default 1mb)',
    content: {
      'application/json': {
        schema: { $ref: '#/components/schemas/ApiErrorDto' },
        example: {
          statusCode: 413,
          error: 'Payload Too Large',
          message: 'request entity too large',
          details: [],
        },
      },
    },
  };
}

/**
 * The JSON body parser refuses a body over BODY_LIMIT with a 413 before any route runs, so every
 * operation that takes a JSON body may answer it. Done here once rather than on each controller; an
 * operation that documents its own 413 (the multipart dataset upload) keeps it.
 */
export function documentBodyLimits(doc: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as OperationObject | undefined;
      const body = op?.requestBody;
      if (!op || !body || '$ref' in body || !body.content['application/json']) continue;
      op.responses['413'] ??= payloadTooLarge();
    }
  }
  return doc;
}
