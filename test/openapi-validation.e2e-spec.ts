import { OpenApiDocument, OpenApiResponseValidator, toJsonSchema } from './support/openapi-validator';
import { API, startTestApp, TestApp } from './support/test-app';

/**
 * The response validator every `t.http()` request goes through: it must catch each kind of drift
 * (or the whole suite's green means nothing), and the real app's responses must pass it.
 */
const doc: OpenApiDocument = {
  paths: {
    '/api/v1/things/{id}': {
      get: {
        operationId: 'getThing',
        responses: {
          '200': {
            headers: { 'RateLimit-Remaining': { schema: { type: 'integer', minimum: 0 } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingDto' } } },
          },
          '404': {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorDto' } } },
          },
        },
      },
    },
    '/api/v1/things/special': {
      get: {
        operationId: 'getSpecialThing',
        responses: { '200': { content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } } },
      },
    },
    '/api/v1/things/{id}/archive': {
      post: { operationId: 'archiveThing', responses: { '204': {} } },
    },
  },
  components: {
    schemas: {
      ThingDto: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          status: { allOf: [{ $ref: '#/components/schemas/ThingStatus' }], nullable: true },
          size: { type: 'string', enum: ['s', 'm'], nullable: true },
          secret: { type: 'string', writeOnly: true },
        },
        required: ['id', 'status', 'size', 'secret'],
      },
      ThingStatus: { type: 'string', enum: ['new', 'old'] },
      ApiErrorDto: {
        type: 'object',
        properties: {
          statusCode: { type: 'integer' },
          error: { type: 'string' },
          message: { type: 'string' },
        },
        required: ['statusCode', 'error', 'message'],
      },
    },
  },
};

const json = { 'content-type': 'application/json; charset=utf-8' };
const thing = { id: '6f1c1b1e-3d4c-4a8a-9d0e-2a7b8c9d0e1f', status: 'new', size: null };
const notFound = { statusCode: 404, error: 'Not Found', message: 'Thing not found' };

describe('OpenAPI response validation (test/support/openapi-validator)', () => {
  const v = new OpenApiResponseValidator(doc);
  const check = (method: string, path: string, status: number, body: unknown, headers = {}, text?: string) =>
    v.check(method, `http://127.0.0.1:1${path}?x=1`, {
      status,
      headers: { ...json, ...headers },
      body,
      text: text ?? JSON.stringify(body),
    });

  it('passes a response as documented: nullable $ref enum and inline enum, writeOnly left out', () => {
    expect(check('GET', `${API}/things/42`, 200, thing)).toBeUndefined();
    expect(check('GET', `${API}/things/42`, 200, { ...thing, status: null, size: 'm' })).toBeUndefined();
  });

  it('refuses an undocumented status, naming the operation and the documented ones', () => {
    expect(check('GET', `${API}/things/42`, 409, notFound)).toBe(
      'GET /api/v1/things/{id} (getThing) answered 409, which the document does not list (documented: 200, 404); ' +
        `body ${JSON.stringify(notFound)}`,
    );
  });

  it('refuses a body unlike its schema: missing, undocumented, wrong enum, wrong format', () => {
    const { size: _size, ...withoutSize } = thing;
    expect(check('GET', `${API}/things/42`, 200, withoutSize)).toBe(
      "GET /api/v1/things/{id} (getThing) answered 200: body must have required property 'size'",
    );
    expect(check('GET', `${API}/things/42`, 200, { ...thing, extra: 1 })).toBe(
      "GET /api/v1/things/{id} (getThing) answered 200: body must NOT have additional properties 'extra'",
    );
    expect(check('GET', `${API}/things/42`, 200, { ...thing, size: 'xl' })).toBe(
      'GET /api/v1/things/{id} (getThing) answered 200: body.size must be equal to one of the allowed values ["s","m",null]',
    );
    expect(check('GET', `${API}/things/42`, 200, { ...thing, id: 'nope' })).toMatch(
      /body\.id must match format "uuid"/,
    );
    expect(check('GET', `${API}/things/42`, 200, { ...thing, secret: 'leaked' })).toMatch(
      /must NOT have additional properties 'secret'/,
    );
  });

  it('refuses a content type the status does not document (a JSON error on an image route)', () => {
    expect(
      check('GET', `${API}/things/special`, 200, {}, { 'content-type': 'image/png' }, undefined),
    ).toBeUndefined();
    expect(check('GET', `${API}/things/special`, 400, notFound)).toMatch(/answered 400, which the document/);
    expect(check('GET', `${API}/things/42`, 200, {}, { 'content-type': 'text/csv' }, 'a,b')).toBe(
      'GET /api/v1/things/{id} (getThing) answered 200: content type text/csv, but the document describes application/json',
    );
  });

  it('prefers the literal path segment, and checks a documented header that is present', () => {
    expect(check('GET', `${API}/things/special`, 200, thing)).toMatch(
      /^GET \/api\/v1\/things\/special \(getSpecialThing\)/,
    );
    expect(check('GET', `${API}/things/42`, 200, thing, { 'ratelimit-remaining': 'many' })).toBe(
      "GET /api/v1/things/{id} (getThing) answered 200: header RateLimit-Remaining must be an integer, got 'many'",
    );
  });

  it('wants an empty body where none is documented, and a 404 in the error shape off the document', () => {
    expect(
      check('POST', `${API}/things/42/archive`, 204, {}, { 'content-type': undefined }, ''),
    ).toBeUndefined();
    expect(check('POST', `${API}/things/42/archive`, 204, {}, {}, '')).toBeUndefined();
    expect(check('GET', `${API}/nothing-here`, 404, notFound)).toBeUndefined();
    expect(check('GET', `${API}/nothing-here`, 200, {})).toMatch(
      /no operation in the document\) answered 200/,
    );
    expect(check('GET', '/docs-json', 200, {})).toBeUndefined();
  });

  it('converts OpenAPI 3.0 to JSON Schema: nullable without type, boolean exclusiveMinimum', () => {
    expect(
      toJsonSchema({ allOf: [{ $ref: '#/components/schemas/X' }], nullable: true, example: 'a' }),
    ).toEqual({
      anyOf: [{ allOf: [{ $ref: 'spec#/definitions/X' }] }, { type: 'null' }],
    });
    expect(toJsonSchema({ type: 'number', minimum: 0, exclusiveMinimum: true })).toEqual({
      type: 'number',
      exclusiveMinimum: 0,
    });
  });

  describe('on the real app', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('passes what the app sends as documented, and fails a request the document does not describe', async () => {
      const admin = await t.admin();
      await t.http().get(`${API}/kiosks`).set(admin.auth).expect(200);
      // The QR route documents images for 200 and JSON for its errors.
      await t.http().get(`${API}/kiosks/999999/qr`).set(admin.auth).expect(404);
      // Off the document only a 404 is expected; a NUL in the URL is refused (400) before routing.
      await expect(t.http().get(`${API}/nope%00`).set(admin.auth)).rejects.toThrow(
        'OpenAPI: GET /api/v1/nope%00 (no operation in the document) answered 400; only a 404 is expected off the document',
      );
    });
  });
});
