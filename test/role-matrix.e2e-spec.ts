import { randomUUID } from 'node:crypto';
import { Role } from '@app/contracts';
import { Session, startTestApp, TestApp } from './support/test-app';
import { issueApiKey, IssuedApiKey } from './support/api-keys';

interface Operation {
  method: string;
  path: string;
  roles: Role[] | undefined;
  isPublic: boolean;
  /** The security schemes the operation declares (`bearer`, `apiKey`). */
  schemes: string[];
}

/**
 * Every route of the OpenAPI document × every role: no token → 401 (unless public), a role the
 * route does not admit → 403, an admitted role → neither. Routes come from the served document,
 * so a new route is covered the day it is added.
 */
describe('401/403 matrix for every route and role', () => {
  let t: TestApp;
  let ops: Operation[];
  const sessions: Partial<Record<Role, Session>> = {};
  const apiKeys: Partial<Record<Role, IssuedApiKey>> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const doc = (await t.http().get('/docs-json').expect(200)).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            'x-roles'?: Role[];
            'x-public'?: boolean;
            security?: Array<Record<string, string[]>>;
            parameters?: Array<{ in: string; name: string; schema?: { type?: string } }>;
          }
        >
      >;
    };
    // Path parameters get a well-formed id of a resource that does not exist.
    const fill = (
      path: string,
      params: Array<{ in: string; name: string; schema?: { type?: string } }> = [],
    ) =>
      path.replace(/\{([^{}]+)\}/g, (_, name: string) => {
        const type = params.find((p) => p.in === 'path' && p.name === name)?.schema?.type;
        return type === 'number' || type === 'integer' ? '987654' : randomUUID();
      });
    ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method,
        path: fill(path, op.parameters),
        roles: op['x-roles'],
        isPublic: op['x-public'] === true,
        schemes: (op.security ?? []).flatMap((s) => Object.keys(s)),
      })),
    );
    sessions.admin = await t.admin();
    sessions.operator = await t.userWithRole(Role.Operator);
    sessions.viewer = await t.userWithRole(Role.Viewer);
    apiKeys.operator = await issueApiKey(t, { role: 'operator', tags: ['matrix'] });
    apiKeys.viewer = await issueApiKey(t, { role: 'viewer', tags: ['matrix'] });
  });
  afterAll(() => t.close());

  const send = (op: Operation, headers: Record<string, string> = {}) =>
    (t.http() as unknown as Record<string, (p: string) => import('supertest').Test>)
      [op.method](op.path)
      .set(headers)
      .send({});

  it('covers the routes of the document', () => {
    expect(ops.length).toBeGreaterThanOrEqual(12);
    expect(ops.filter((o) => o.isPublic).map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining(['post /api/v1/auth/login', 'post /api/v1/auth/refresh', 'get /health/live']),
    );
  });

  it('answers 401 without a token on every non-public route', async () => {
    for (const op of ops.filter((o) => !o.isPublic)) {
      const res = await send(op);
      expect({ route: `${op.method} ${op.path}`, status: res.status }).toEqual({
        route: `${op.method} ${op.path}`,
        status: 401,
      });
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    }
  });

  it('never answers 401 on public routes', async () => {
    for (const op of ops.filter((o) => o.isPublic)) {
      const res = await send(op);
      expect(res.status).not.toBe(401);
    }
  });

  it.each([Role.Admin, Role.Operator, Role.Viewer])('admits %s exactly where x-roles says', async (role) => {
    const session = sessions[role] as Session;
    for (const op of ops.filter((o) => !o.isPublic)) {
      // logging out would end the session the rest of the matrix uses
      if (op.path.endsWith('/auth/logout')) continue;
      const res = await send(op, session.auth);
      const allowed = !op.roles || op.roles.includes(role);
      const got = {
        route: `${op.method} ${op.path}`,
        forbidden: res.status === 403,
        unauthorized: res.status === 401,
      };
      expect(got).toEqual({ route: got.route, forbidden: !allowed, unauthorized: false });
    }
  });

  it('declares on every non-public route what it accepts: bearer and apiKey, or bearer alone', () => {
    for (const op of ops.filter((o) => !o.isPublic)) {
      expect({ route: `${op.method} ${op.path}`, bearer: op.schemes.includes('bearer') }).toEqual({
        route: `${op.method} ${op.path}`,
        bearer: true,
      });
    }
    expect(ops.filter((o) => o.schemes.includes('apiKey')).length).toBeGreaterThan(ops.length / 2);
  });

  it('answers 401 to a wrong API key on every non-public route', async () => {
    const wrong = { 'X-API-Key': `kf_aaaaaaaa_${'A'.repeat(43)}` };
    for (const op of ops.filter((o) => !o.isPublic)) {
      const res = await send(op, wrong);
      expect({ route: `${op.method} ${op.path}`, status: res.status }).toEqual({
        route: `${op.method} ${op.path}`,
        status: 401,
      });
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    }
  });

  it.each([Role.Operator, Role.Viewer])(
    'admits a %s API key exactly where x-roles says and the route takes apiKey (never admin-only routes)',
    async (role) => {
      const key = apiKeys[role] as IssuedApiKey;
      for (const op of ops.filter((o) => !o.isPublic)) {
        const res = await send(op, key.auth);
        const allowed = (!op.roles || op.roles.includes(role)) && op.schemes.includes('apiKey');
        const got = {
          route: `${op.method} ${op.path}`,
          forbidden: res.status === 403,
          unauthorized: res.status === 401,
        };
        expect(got).toEqual({ route: got.route, forbidden: !allowed, unauthorized: false });
        if (op.roles && !op.roles.includes(Role.Operator) && !op.roles.includes(Role.Viewer)) {
          expect(allowed).toBe(false);
        }
      }
    },
  );

  it('answers 404 (not 403 or 500) to an admitted role asking for a resource that does not exist', async () => {
    const byId = ops.filter((o) => o.method === 'get' && /[0-9a-f]{8}-[0-9a-f]{4}-|\/987654/.test(o.path));
    expect(byId.length).toBeGreaterThan(0);
    for (const op of byId) {
      const res = await send(op, (sessions.admin as Session).auth);
      expect({ route: op.path, status: res.status }).toEqual({ route: op.path, status: 404 });
    }
  });
});
