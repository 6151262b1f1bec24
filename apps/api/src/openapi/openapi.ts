import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_SCHEME, declareCredentials } from './credential-schemes';
import { registerJsonValue } from './json-value';
import { documentRateLimits } from './rate-limit-responses';
import { documentRequestRefusals } from './request-refusals';

/** The OpenAPI document of the running app; `operationId` is the controller method name. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Kiosk fleet API')
    .setDescription(
      [
        'REST API for integrators, admins and operators of a kiosk fleet. All routes except `/health/*`,',
        '`/metrics` and `/docs*` live under `/api/v1` and need `Authorization: Bearer <accessToken>` from',
        '`POST /api/v1/auth/login` (or an integrator’s `X-API-Key`, see `/api-keys`), unless marked public. `x-roles` on an operation lists the roles allowed',
        '(absent: every signed-in role). Resources the caller may not see answer 404. Errors always have the',
        'shape `{ statusCode, error, message, details: [{ field, message }] }`. Lists take `limit` (1–200,',
        'default 50) and `cursor`, and answer `{ items, nextCursor }`.',
        'Kiosks do not use this API: they speak Socket.IO, described as AsyncAPI 3.0 at',
        '[/docs/kiosk-protocol](/docs/kiosk-protocol) (the document itself:',
        '[/docs/kiosk-protocol.yaml](/docs/kiosk-protocol.yaml)).',
      ].join(' '),
    )
    .setVersion('1.0')
    // Relative: the document describes whichever deployment serves it (paths carry `/api/v1`).
    .addServer('/', 'The server this document is served from')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-API-Key',
        description:
          'An integrator’s key from `POST /api/v1/api-keys`: acts as an operator or viewer that sees only kiosks carrying one of its tags. Not together with `Authorization` (400).',
      },
      API_KEY_SCHEME,
    )
    .build();
  config.info.license = { name: 'Proprietary (UNLICENSED): for the fleet operator and its integrators' };
  return documentRequestRefusals(
    documentRateLimits(
      declareCredentials(
        registerJsonValue(
          SwaggerModule.createDocument(app, config, {
            operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
          }),
        ),
      ),
    ),
  );
}

/** Deterministic key order, so the committed file diffs cleanly and the drift test is exact. */
export function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortDeep((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function serializeOpenApi(doc: OpenAPIObject): string {
  return `${JSON.stringify(sortDeep(doc), null, 2)}\n`;
}
