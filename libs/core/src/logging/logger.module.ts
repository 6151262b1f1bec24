import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/app.config';

const REQUEST_ID_HEADER = 'x-request-id';
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Honours a sane incoming X-Request-Id (from a gateway) or makes one; echoes it on the response. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Structured logs: JSON lines in production (one object per line, with `reqId`), readable colour
 * output in development. Every HTTP log line carries the request id.
 */
export function loggerModule(config: AppConfig): DynamicModule {
  const pretty = config.log.format === 'pretty';
  return LoggerModule.forRoot({
    // Named wildcard: the path-to-regexp of Express 5 refuses a bare '*'.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.log.level,
      genReqId: requestId,
      customProps: (req) => ({ reqId: (req as IncomingMessage & { id?: string }).id }),
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'],
        remove: true,
      },
      autoLogging: { ignore: (req) => ['/health/live', '/health/ready', '/metrics'].includes(req.url ?? '') },
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({
          method: req.method,
          url: req.url,
          id: req.id,
        }),
      },
      transport: pretty
        ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
        : undefined,
    },
  });
}
