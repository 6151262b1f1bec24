import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

const errorContent = (statusCode: number, error: string, message: string): ResponseObject['content'] => ({
  'application/json': {
    schema: { $ref: '#/components/schemas/ApiErrorDto' },
    example: { statusCode, error, message, details: [] },
  },
});

/** Refusals that happen before any route runs, so any operation may answer them. */
const RESPONSES: Record<string, ResponseObject> = {
  UrlWithNul: {
    description: 'The URL holds `%00` (refused before routing, on every route)',
    content: errorContent(400, 'Bad Request', 'The URL may not contain %00'),
  },
  BodyTooLarge: {
    description: 'The body is larger than BODY_LIMIT (default 1mb)',
    content: errorContent(413, 'Payload Too Large', 'request entity too large'),
  },
  HeadersTooLarge: {
    description:
      'The request headers exceed the HTTP server’s limit (16 KB): refused by Node.js itself, with no body',
  },
};

const ref = (name: keyof typeof RESPONSES) => ({ $ref: `#/components/responses/${name}` });

/**
 * Documents, once for all, what the HTTP server and the middleware in front of the routes refuse:
 * a `%00` in the URL (400, where an operation documents no 400 of its own), a JSON body over
 * BODY_LIMIT (413, on operations that take one; the multipart upload keeps its own) and oversized
 * headers (431, answered by Node's parser). An operation's own response for a status is kept.
 */
export function documentRequestRefusals(doc: OpenAPIObject): OpenAPIObject {
  doc.components ??= {};
  doc.components.responses = { ...doc.components.responses, ...RESPONSES };
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as OperationObject | undefined;
      if (!op) continue;
      op.responses['400'] ??= ref('UrlWithNul');
      const body = op.requestBody;
      if (body && !('$ref' in body) && body.content['application/json'])
        op.responses['413'] ??= ref('BodyTooLarge');
      op.responses['431'] ??= ref('HeadersTooLarge');
    }
  }
  return doc;
}
