import fc from 'fast-check';
import { API, startTestApp, TestApp } from './support/test-app';

/**
 * Hostile bodies, queries and path parameters for every route of the OpenAPI document, sent to the
 * real app as an admin (the principal that reaches the most code): none may answer 5xx, and every
 * error keeps the contract's error shape. Generated from a fixed seed, so a failure reproduces.
 */

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  bodyFields: string[] | null;
  queryParams: string[];
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, SchemaObject> };
}
interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
}
interface SchemaObject {
  $ref?: string;
  properties?: Record<string, unknown>;
}

const RUNS_PER_OPERATION = 40;
const SEED = 20261207;
// Routes whose well-formed use ends the test's own session; their validation is fuzzed elsewhere.
const SKIPPED = new Set(['post /api/v1/auth/logout']);

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x'.repeat(70_000),
    '1e309',
    'NaN',
    '-0',
    '__proto__',
    'constructor',
    "' OR 1=1 --",
    '../../etc/passwd',
    '%00',
    '=HYPERLINK("http://x")',
    '2026-02-31T25:61:61Z',
    '9'.repeat(400),
  ),
);

const hostileScalar = fc.oneof(
  hostileString,
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -1, 0, 1.5),
  fc.boolean(),
  fc.constant(null),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileScalar, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
);

/** A raw JSON text, so nesting far deeper than any generator would build is cheap to send. */
function deeplyNested(depth: number, field: string | undefined): string {
  const inner = '['.repeat(depth) + ']'.repeat(depth);
  return field === undefined ? inner : `{${JSON.stringify(field)}:${inner}}`;
}

function bodyArbitrary(fields: string[]): fc.Arbitrary<string> {
  const known = fields.length ? fc.constantFrom(...fields) : hostileString;
  const objectBody = fc
    .tuple(
      fc.subarray(fields),
      fc.array(hostileValue, { minLength: fields.length, maxLength: fields.length }),
      fc.dictionary(hostileString, hostileValue, { maxKeys: 2 }),
      fc.boolean(),
    )
    .map(([picked, values, extra, withUnknownFields]) => {
      const body: Record<string, unknown> = {};
      picked.forEach((f, i) => (body[f] = values[i]));
      return JSON.stringify(withUnknownFields ? { ...extra, ...body } : body);
    });
  return fc.oneof(
    { weight: 6, arbitrary: objectBody },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 100, max: 50_000 }), fc.option(known, { nil: undefined }))
        .map(([depth, field]) => deeplyNested(depth, field)),
    },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', 'nul', '[1,]', '\u0000', '{"__proto__":{"x":1}}') },
  );
}

const pathParam = fc.oneof(
  fc.uuid().map(String),
  fc.integer({ min: -5, max: 2 ** 40 }).map(String),
  fc.constantFrom(
    '0',
    '1',
    '-1',
    '1e3',
    'NaN',
    'null',
    '..%2F..%2F',
    '%00',
    'x'.repeat(2000),
    '%F0%28%8C%BC',
  ),
  fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent),
);

function operationsOf(doc: OpenApiDocument): Operation[] {
  const resolve = (s: SchemaObject | undefined): SchemaObject | undefined =>
    s?.$ref ? doc.components?.schemas?.[s.$ref.split('/').pop() ?? ''] : s;
  const ops: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      if (SKIPPED.has(`${method} ${path}`)) continue;
      const json = op.requestBody?.content?.['application/json']?.schema;
      ops.push({
        method: method as Operation['method'],
        path,
        bodyFields: op.requestBody ? Object.keys(resolve(json)?.properties ?? {}) : null,
        queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      });
    }
  }
  return ops;
}

describe('REST fuzz: hostile input never answers 5xx', () => {
  let t: TestApp;
  beforeAll(async () => {
    // ~3,000 calls as one admin in a minute or two: past any sane REST budget, and 429s would hide
    // the routes' own validation from the fuzzer. The limiter is tested in rest-rate-limits.
    t = await startTestApp({ env: { RATE_LIMIT_ADMIN_PER_MIN: '0' } });
  });
  afterAll(() => t.close());

  it(`sends ${RUNS_PER_OPERATION} generated malformed requests to every documented route`, async () => {
    const admin = await t.admin();
    const doc = (await t.http().get('/docs-json').expect(200)).body as OpenApiDocument;
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(60);

    let sent = 0;
    const failures: string[] = [];
    for (const [i, op] of ops.entries()) {
      const cases = fc.sample(
        fc.record({
          params: fc.array(pathParam, { minLength: 4, maxLength: 4 }),
          query: fc.dictionary(
            op.queryParams.length ? fc.constantFrom(...op.queryParams) : hostileString,
            fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 })),
            { maxKeys: 4 },
          ),
          body: op.bodyFields ? bodyArbitrary(op.bodyFields) : fc.constant(undefined),
        }),
        { numRuns: RUNS_PER_OPERATION, seed: SEED + i },
      );
      for (const c of cases) {
        let n = 0;
        const url = op.path.replace(/\{[^{}]+\}/g, () => c.params[n++ % c.params.length]);
        const req = t
          .http()
          [op.method](url)
          .set(admin.auth)
          .query(c.query as Record<string, string | string[]>);
        if (c.body !== undefined) req.set('Content-Type', 'application/json').send(c.body);
        const res = await req;
        sent++;
        const shaped =
          res.status < 400 ||
          !res.type.includes('json') ||
          (typeof res.body?.statusCode === 'number' && typeof res.body?.message === 'string');
        if (res.status >= 500 || !shaped) {
          failures.push(
            `${op.method.toUpperCase()} ${url.slice(0, 120)} body=${String(c.body).slice(0, 200)} → ` +
              `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
          );
        }
      }
    }
    expect(sent).toBeGreaterThanOrEqual(ops.length * RUNS_PER_OPERATION);
    expect(failures).toEqual([]);
    // The admin's own session survived the run (no route was turned against the caller).
    await t.http().get(`${API}/auth/me`).set(admin.auth).expect(200);
  }, 600_000);
});

describe('REST bodies and URLs the store cannot take are refused before any handler', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each([
    [
      'nesting deeper than 32 levels',
      `{"name":${'['.repeat(40)}${']'.repeat(40)}}`,
      'JSON nests deeper than 32 levels',
    ],
    ['a \\u0000 in a string', '{"name":"rule\\u0000"}', 'JSON strings may not contain \\u0000'],
    ['a lone surrogate', '{"name":"rule\\ud800"}', 'JSON strings may not contain a lone surrogate'],
  ])('answers 400 for %s', async (_case, body, message) => {
    const admin = await t.admin();
    const res = await t
      .http()
      .post(`${API}/alert-rules`)
      .set(admin.auth)
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message });
  });

  it('answers 400 for %00 in a path parameter', async () => {
    const admin = await t.admin();
    const res = await t.http().delete(`${API}/ai/models/v%00`).set(admin.auth).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, message: 'The URL may not contain %00' });
  });

  it('counts each refusal by reason', async () => {
    const metrics = (await t.http().get('/metrics').expect(200)).text;
    for (const reason of ['json_too_deep', 'json_nul', 'json_lone_surrogate', 'url_nul']) {
      expect(metrics).toMatch(new RegExp(`^http_requests_refused_total\\{reason="${reason}"\\} 1$`, 'm'));
    }
  });

  it('still takes a well-formed surrogate pair', async () => {
    const admin = await t.admin();
    const res = await t
      .http()
      .post(`${API}/maintenance-windows`)
      .set(admin.auth)
      .send({
        scope: { kind: 'tag', value: 'lobby' },
        startsAt: new Date(Date.now() + 60_000).toISOString(),
        endsAt: new Date(Date.now() + 120_000).toISOString(),
        reason: 'repaint 😀',
      });
    expect(res.status).toBe(201);
    expect(res.body.reason).toBe('repaint 😀');
  });
});
