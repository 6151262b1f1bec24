import { Role } from '@app/contracts';
import { assign, joinedKiosk, registerKiosk } from './support/kiosks';
import { pay, paymentDomainModules, sale } from './support/payments';
import { API, startTestApp, TestApp } from './support/test-app';

type Who =
  | 'anonymous'
  | 'admin'
  | 'operator (own kiosk)'
  | 'operator (other kiosk)'
  | 'viewer (own kiosk)'
  | 'viewer (other kiosk)';

/**
 * Who may do what on the payment routes (CONTRACT.md §1): admins everything; operators read,
 * record and refund on their kiosks only; viewers read their kiosks only; anything about a kiosk the
 * caller may not see is a 404, a route above the caller's role a 403, no token a 401.
 */
describe('payments: role and object-level access matrix', () => {
  let t: TestApp;
  let auth: Record<Who, Record<string, string>>;
  let kioskId: number;
  let paymentIds: string[];
  let viewerPayment: string;
  let viewerKioskId: number;

  beforeAll(async () => {
    t = await startTestApp({ domainModules: paymentDomainModules() });
    const kiosk = await registerKiosk(t);
    const other = await registerKiosk(t);
    kioskId = kiosk.id;
    const [opOwn, opOther, viewOwn, viewOther] = [
      await t.userWithRole(Role.Operator),
      await t.userWithRole(Role.Operator),
      await t.userWithRole(Role.Viewer),
      await t.userWithRole(Role.Viewer),
    ];
    await assign(t, kiosk, opOwn);
    await assign(t, other, opOther);
    const third = await registerKiosk(t);
    await assign(t, third, viewOwn);
    // a kiosk has one assignee: the "own kiosk" viewer is checked on a third kiosk of their own
    auth = {
      anonymous: {},
      admin: (await t.admin()).auth,
      'operator (own kiosk)': opOwn.auth,
      'operator (other kiosk)': opOther.auth,
      'viewer (own kiosk)': viewOwn.auth,
      'viewer (other kiosk)': viewOther.auth,
    };
    const socket = await joinedKiosk(t, kiosk);
    paymentIds = [];
    for (let i = 0; i < 8; i++)
      paymentIds.push((await pay(socket, sale({ amount: '10.00' }))).payment_id as string);
    socket.close();
    const s3 = await joinedKiosk(t, third);
    viewerPayment = (await pay(s3, sale({ amount: '1.00' }))).payment_id as string;
    viewerKioskId = third.id;
    s3.close();
  });
  afterAll(() => t.close());

  let next = 0;
  /** Each refund that may succeed uses its own payment, so one row's outcome does not hide another's. */
  const target = (who: Who) =>
    who.startsWith('viewer') && who.endsWith('(own kiosk)')
      ? viewerPayment
      : paymentIds[next++ % paymentIds.length];
  const kioskOf = (who: Who) => (who === 'viewer (own kiosk)' ? viewerKioskId : kioskId);

  /** A GET of the path for this caller; its status. */
  const read = (path: (who: Who) => string) => async (who: Who) =>
    (await t.http().get(path(who)).set(auth[who])).status;
  /** The reads: anyone signed in who may see the kiosk; a kiosk they may not see is a 404. */
  const READ: Record<Who, number> = {
    anonymous: 401,
    admin: 200,
    'operator (own kiosk)': 200,
    'operator (other kiosk)': 404,
    'viewer (own kiosk)': 200,
    'viewer (other kiosk)': 404,
  };

  const routes: Array<{ name: string; call: (who: Who) => Promise<number>; expected: Record<Who, number> }> =
    [
      {
        name: 'GET /payments/{id}',
        call: read((who) => `${API}/payments/${target(who)}`),
        expected: READ,
      },
      {
        name: 'GET /payments?kioskId',
        call: read((who) => `${API}/payments?kioskId=${kioskOf(who)}`),
        expected: READ,
      },
      {
        name: 'GET /payments/summary?kioskId',
        call: read((who) => `${API}/payments/summary?groupBy=method&kioskId=${kioskOf(who)}`),
        expected: READ,
      },
      {
        name: 'GET /payments/export.csv?kioskId',
        call: read((who) => `${API}/payments/export.csv?kioskId=${kioskOf(who)}`),
        expected: READ,
      },
      {
        name: 'POST /payments',
        call: async (who) =>
          (
            await t
              .http()
              .post(`${API}/payments`)
              .set(auth[who])
              .send({
                kioskId: kioskOf(who),
                transactionId: `M-${Math.random()}`,
                amount: '1.00',
                currency: 'USD',
                method: 'cash',
                status: 'completed',
                occurredAt: new Date().toISOString(),
              })
          ).status,
        expected: {
          anonymous: 401,
          admin: 201,
          'operator (own kiosk)': 201,
          'operator (other kiosk)': 404,
          'viewer (own kiosk)': 403,
          'viewer (other kiosk)': 403,
        },
      },
      {
        name: 'POST /payments/{id}/refund',
        call: async (who) =>
          (
            await t
              .http()
              .post(`${API}/payments/${target(who)}/refund`)
              .set(auth[who])
              .send({ amount: '1.00', reason: 'matrix' })
          ).status,
        expected: {
          anonymous: 401,
          admin: 200,
          'operator (own kiosk)': 200,
          'operator (other kiosk)': 404,
          'viewer (own kiosk)': 403,
          'viewer (other kiosk)': 403,
        },
      },
    ];

  it('documents every payment route in OpenAPI, with the roles of the writing ones', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { 'x-roles'?: string[]; operationId: string; responses: object }>>;
    };
    const ops = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/payments'))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([m, op]) => [`${m.toUpperCase()} ${path}`, op] as const),
      );
    expect(ops.map(([name]) => name).sort()).toEqual([
      'GET /api/v1/payments',
      'GET /api/v1/payments/export.csv',
      'GET /api/v1/payments/summary',
      'GET /api/v1/payments/{id}',
      'POST /api/v1/payments',
      'POST /api/v1/payments/{id}/refund',
    ]);
    const byName = Object.fromEntries(ops);
    expect(byName['POST /api/v1/payments']?.['x-roles']).toEqual(['admin', 'operator']);
    expect(byName['POST /api/v1/payments/{id}/refund']?.['x-roles']).toEqual(['admin', 'operator']);
    expect(Object.keys(byName['POST /api/v1/payments/{id}/refund']?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '202', '400', '401', '403', '404', '422']),
    );
  });

  it.each(routes.map((r) => [r.name, r] as const))('%s', async (_name, route) => {
    const got: Record<string, number> = {};
    for (const who of Object.keys(route.expected) as Who[]) got[who] = await route.call(who);
    expect(got).toEqual(route.expected);
  });
});
