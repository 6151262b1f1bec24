import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express, Request, Response } from 'express';
import { KIOSK_PROTOCOL_PATH, readKioskProtocol } from './kiosk-protocol-document';
import { renderKioskProtocolHtml } from './kiosk-protocol-html';

/** Where kiosk makers read the wire protocol: beside Swagger UI (`/docs`), outside `/api/v1`. */
export const KIOSK_PROTOCOL_ROUTE = '/docs/kiosk-protocol';

/**
 * Serves asyncapi.yaml as written (`/docs/kiosk-protocol.yaml`, `application/yaml`) and rendered
 * (`/docs/kiosk-protocol`, HTML). Mounted on the HTTP server like Swagger UI, before it: public
 * documentation, no guard. Read and rendered on the first request, then kept: start-up does not
 * depend on the file, and every later request only sends a string.
 */
export function serveKioskProtocol(app: NestExpressApplication, path = KIOSK_PROTOCOL_PATH): void {
  const logger = new Logger('KioskProtocolDocs');
  let rendered: Promise<{ yaml: string; html: string }> | undefined;
  const load = () =>
    (rendered ??= readKioskProtocol(path).then(({ text, document }) => ({
      yaml: text,
      html: renderKioskProtocolHtml(document),
    })));

  const serve =
    (pick: (d: { yaml: string; html: string }) => string, type: string) => (_req: Request, res: Response) => {
      load().then(
        (d) => res.type(type).set('Cache-Control', 'public, max-age=300').send(pick(d)),
        (e: unknown) => {
          rendered = undefined; // a file put in place later is picked up
          logger.error(`asyncapi.yaml could not be served: ${e instanceof Error ? e.message : String(e)}`);
          res.status(500).json({
            statusCode: 500,
            error: 'Internal Server Error',
            message: 'The kiosk protocol document is not available on this server',
          });
        },
      );
    };
  const http = app.getHttpAdapter().getInstance() as Express;
  http.get(
    `${KIOSK_PROTOCOL_ROUTE}.yaml`,
    serve((d) => d.yaml, 'application/yaml; charset=utf-8'),
  );
  http.get(
    KIOSK_PROTOCOL_ROUTE,
    serve((d) => d.html, 'text/html; charset=utf-8'),
  );
}
