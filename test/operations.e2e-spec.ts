import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument, serializeOpenApi } from '../apps/api/src/openapi/openapi';
import { API, startTestApp, TestApp } from './support/test-app';

describe('operations: health, metrics, request ids, error shape, OpenAPI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { BODY_LIMIT: '2kb' } });
  });
  afterAll(() => t.close());

  it('serves liveness and readiness (Postgres + Redis) without a token', async () => {
    await t.http().get('/health/live').expect(200, { status: 'ok' });
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('exposes Prometheus metrics: HTTP latency by route, queue depths, process metrics', async () => {
    const admin = await t.admin();
    await t.http().get(`${API}/users`).set(admin.auth).expect(200);
    const res = await t.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(res.text).toMatch(
      /http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/users"[^}]*status="200"/,
    );
    expect(res.text).toMatch(/queue_jobs\{queue="notifications",state="waiting"\} 0/);
    expect(res.text).toMatch(/queue_jobs\{queue="ai-retraining",state="failed"\} 0/);
    expect(res.text).toContain('process_resident_memory_bytes');
  });

  it('answers every response with an X-Request-Id, honouring a sane incoming one', async () => {
    const own = await t.http().get('/health/live');
    expect(own.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await t.http().get(`${API}/auth/me`).set('X-Request-Id', 'gateway-abc.123');
    expect(given.headers['x-request-id']).toBe('gateway-abc.123');
    expect(given.body.requestId).toBe('gateway-abc.123');
    const hostile = await t.http().get('/health/live').set('X-Request-Id', 'bad id with spaces <script>');
    expect(hostile.headers['x-request-id']).not.toContain(' ');
  });

  it('leaves no promise hooks behind after serving requests (they would tax every promise of the kiosk hot path)', async () => {
    await t.http().get('/health/live').expect(200);
    await t
      .http()
      .get(`${API}/auth/me`)
      .set((await t.admin()).auth)
      .expect(200);
    // With async hooks on (e.g. a request-scoped AsyncLocalStorage), Node tags every new promise
    // with its async ids.
    expect(Object.getOwnPropertySymbols(new Promise(() => undefined))).toEqual([]);
  });

  it('keeps one error shape for unknown routes, malformed JSON and oversized bodies', async () => {
    const admin = await t.admin();
    const notFound = await t.http().get(`${API}/nope`).set(admin.auth).expect(404);
    expect(notFound.body).toMatchObject({ statusCode: 404, error: 'Not Found', details: [] });
    const malformed = await t
      .http()
      .post(`${API}/auth/login`)
      .set('Content-Type', 'application/json')
      .send('{"username": "admin",')
      .expect(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, error: 'Bad Request', details: [] });
    // Nest turns body-parser's error into a 400 whose message names the JSON problem
    expect(malformed.body.message).toMatch(/JSON at position/);
    const big = await t
      .http()
      .post(`${API}/auth/login`)
      .send({ username: 'admin', password: 'x'.repeat(5000) })
      .expect(413);
    expect(big.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('sets security headers (helmet)', async () => {
    const res = await t.http().get('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('serves Swagger UI at /docs and the document at /docs-json, with examples and error responses', async () => {
    const ui = await t.http().get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger-ui');
    const doc = (await t.http().get('/docs-json').expect(200)).body;
    expect(doc.openapi).toMatch(/^3\./);
    const login = doc.paths['/api/v1/auth/login'].post;
    expect(login.operationId).toBe('login');
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '429']));
    expect(doc.components.schemas.ApiErrorDto).toBeDefined();
    const ids = Object.values(doc.paths).flatMap((p) =>
      Object.values(p as Record<string, { operationId: string }>),
    );
    const opIds = ids.map((o) => o.operationId);
    expect(new Set(opIds).size).toBe(opIds.length);
  });

  it('matches the committed openapi.json (run `npm run openapi` after changing the API)', () => {
    const committed = readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8');
    expect(serializeOpenApi(buildOpenApiDocument(t.app))).toBe(committed);
  });
});
