import { INestApplication, RequestMethod, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import {
  AllExceptionsFilter,
  AppConfig,
  httpMetricsMiddleware,
  MetricsService,
  requestInputGuards,
  RATE_LIMIT_HEADERS,
  validationExceptionFactory,
} from '@app/core';
import { serveDashboard } from './dashboard/serve-dashboard';
import { serveKioskProtocol } from './docs/kiosk-protocol-route';
import { buildOpenApiDocument } from './openapi/openapi';
import { RealtimeIoAdapter } from './realtime/realtime-io.adapter';

export const API_PREFIX = 'api/v1';

/** Everything about the HTTP surface that is not a module: shared by main.ts, tests and the OpenAPI writer. */
export function configureApp(app: NestExpressApplication, config: AppConfig): INestApplication {
  app.set('trust proxy', config.http.trustProxy);
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  const guards = requestInputGuards(app.get(MetricsService));
  app.use(guards.refuseNulInUrl);
  app.useBodyParser('json', { limit: config.http.bodyLimit, verify: guards.verifyJsonBody });
  app.useBodyParser('urlencoded', { limit: config.http.bodyLimit, extended: false });
  app.use(
    helmet({
      // Swagger UI loads its own inline scripts and styles.
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'", "'unsafe-inline'"],
          'style-src': ["'self'", "'unsafe-inline'"],
        },
      },
    }),
  );
  app.enableCors({
    origin: config.http.corsOrigins.length ? config.http.corsOrigins : false,
    // A browser client may read its REST budget and when to come back (README, "REST rate limits").
    exposedHeaders: ['X-Request-Id', 'Location', 'Retry-After', ...RATE_LIMIT_HEADERS],
  });
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      exceptionFactory: validationExceptionFactory,
    }),
  );
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, config));

  // The web dashboard at / (CONTRACT §8); it steps aside for /api/v1, /docs, /health, /metrics, /socket.io.
  serveDashboard(app, config.dashboard);
  // The kiosk wire protocol (asyncapi.yaml) beside Swagger UI: /docs/kiosk-protocol and .yaml.
  serveKioskProtocol(app);
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', useGlobalPrefix: false });
  return app;
}
