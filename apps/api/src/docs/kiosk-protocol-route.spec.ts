import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import request from 'supertest';
import { KIOSK_PROTOCOL_PATH } from './kiosk-protocol-document';
import { serveKioskProtocol } from './kiosk-protocol-route';

/** The route on a bare Express app (the e2e suite covers it inside the real one). */
function appServing(path: string) {
  const http = express();
  const nest = { getHttpAdapter: () => ({ getInstance: () => http }) } as unknown as NestExpressApplication;
  serveKioskProtocol(nest, path);
  return http;
}

describe('serveKioskProtocol', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-protocol-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers 500 in the error shape while the document is missing, and serves it once it is there', async () => {
    const path = join(dir, 'asyncapi.yaml');
    const http = appServing(path);
    const missing = await request(http).get('/docs/kiosk-protocol').expect(500);
    expect(missing.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'The kiosk protocol document is not available on this server',
    });
    copyFileSync(KIOSK_PROTOCOL_PATH, path);
    const page = await request(http).get('/docs/kiosk-protocol').expect(200);
    expect(page.text).toContain('<code>kiosk_update</code>');
    await request(http)
      .get('/docs/kiosk-protocol.yaml')
      .expect(200)
      .expect('Content-Type', /^application\/yaml/);
  });

  it('ignores query strings and answers HEAD without a body', async () => {
    const http = appServing(KIOSK_PROTOCOL_PATH);
    await request(http)
      .get('/docs/kiosk-protocol?x=%00&y=<script>')
      .expect(200)
      .expect('Content-Type', /^text\/html/);
    const head = await request(http).head('/docs/kiosk-protocol.yaml').expect(200);
    expect(head.text ?? '').toBe('');
  });
});
