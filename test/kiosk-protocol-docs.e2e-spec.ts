import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { API, startTestApp, TestApp } from './support/test-app';

/** asyncapi.yaml is served beside Swagger UI, outside /api/v1, without a token. */
describe('the kiosk protocol at /docs/kiosk-protocol', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves asyncapi.yaml as written, as application/yaml', async () => {
    const res = await t.http().get('/docs/kiosk-protocol.yaml').expect(200);
    expect(res.headers['content-type']).toBe('application/yaml; charset=utf-8');
    expect(res.text).toBe(readFileSync(join(process.cwd(), 'asyncapi.yaml'), 'utf8'));
    expect(YAML.parse(res.text)).toMatchObject({ asyncapi: '3.0.0' });
  });

  it('renders it as one HTML page naming every event, both ways', async () => {
    const res = await t.http().get('/docs/kiosk-protocol').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    for (const event of [
      'kiosk_join',
      'kiosk_update',
      'kiosk_command_ack',
      'kiosk_payment',
      'kiosk_command',
      'kiosk_error',
      'connect_error',
    ]) {
      expect(res.text).toContain(`<code>${event}</code>`);
    }
    expect(res.text).toContain('payload_too_large');
    // Under the API's CSP: the page needs no script.
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.text).not.toContain('<script');
  });

  it('leaves Swagger UI and its JSON where they were, and links the protocol from the OpenAPI description', async () => {
    const ui = await t.http().get('/docs').expect(200);
    expect(ui.headers['content-type']).toContain('text/html');
    expect(ui.text).toContain('swagger-ui');
    const spec = await t.http().get('/docs-json').expect(200);
    expect((spec.body as { info: { description: string } }).info.description).toContain(
      '/docs/kiosk-protocol',
    );
  });

  it('is not under /api/v1 (there it is an unknown route)', async () => {
    const res = await t.http().get(`${API}/docs/kiosk-protocol`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});
