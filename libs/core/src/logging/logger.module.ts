import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Inject, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { HttpLogger, pinoHttp } from 'pino-http';
import type { AppConfig } from '../config/app.config';

const REQUEST_ID_HEADER = 'x-request-id';
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const REQUEST_LOGGER = Symbol('REQUEST_LOGGER');

/** Honours a sane incoming X-Request-Id (from a gateway) or makes one; echoes it on the response. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** Applies the pino-http middleware to every route. */
@Module({})
class RequestLoggingModule implements NestModule {
  constructor(@Inject(REQUEST_LOGGER) private readonly middleware: HttpLogger) {}

  configure(consumer: MiddlewareConsumer): void {
    // Named wildcard: the path-to-regexp of Express 5 refuses a bare '*'.
    consumer.apply(this.middleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

/**
 * Structured logs: JSON lines in production, readable colour output in development. Every
 * request's log line carries its id (`reqId`), and so does the error line of a failed request.
 *
 * nestjs-pino serves Nest's Logger, but its per-request middleware is left out (`forRoutes: []`):
 * it binds each request's logger with AsyncLocalStorage, which on Node 20 installs promise hooks
 * for the whole process once the first request ran, and every promise of the kiosk hot path (tens
 * per reading) then pays for them (measured: ~8% of the API's CPU per reading). Request logging is
 * pino-http's own middleware on the same logger; code that logs about a request names it.
 */
export function loggerModule(config: AppConfig): DynamicModule {
  const logger = pino({
    level: config.log.level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'],
      remove: true,
    },
    transport:
      config.log.format === 'pretty'
        ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
        : undefined,
  });
  const requestLogger = pinoHttp({
    logger,
    genReqId: requestId,
    customProps: (req) => ({ reqId: (req as IncomingMessage & { id?: string }).id }),
    autoLogging: { ignore: (req) => ['/health/live', '/health/ready', '/metrics'].includes(req.url ?? '') },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        url: req.url,
        id: req.id,
      }),
    },
  });
  return {
    module: RequestLoggingModule,
    // Nest's Logger writes through the request logger's own pino instance (same serializers).
    imports: [LoggerModule.forRoot({ pinoHttp: { logger: requestLogger.logger }, forRoutes: [] })],
    providers: [{ provide: REQUEST_LOGGER, useValue: requestLogger }],
  };
}
