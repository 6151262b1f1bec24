import { DataSource } from 'typeorm';
import { Role } from '@app/contracts';
import { issueApiKey } from './support/api-keys';
import { assign, registerKiosk, RegisteredKiosk } from './support/kiosks';
import { API, Session, startTestApp, TestApp } from './support/test-app';

/** Online kiosks seen "later": the liveness sweep would otherwise turn them stale mid-test. */
const NOT_SILENT = '2099-01-01T00:00:00.000Z';

type Status = 'online' | 'stale' | 'offline' | 'blocked' | 'maintenance';
type Sell = 'full' | 'card_only' | 'cash_only' | 'none' | null;

interface MapPoint {
  id: number;
  name: string;
  serial: string;
  lat: number;
  lng: number;
  status: string;
  canSell: Sell;
}

/**
 * GET /kiosks/summary and GET /kiosks/map-points (the dashboard overview's two reads) on the real
 * app: counts and points follow kiosk visibility per role (admin all, operator/viewer assigned, API
 * key by tag), decommissioned kiosks leave the totals, the attention list is ordered by urgency,
 * and malformed query parameters are refused with 400.
 */
describe('fleet summary and map points', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: Session;
  let operator: Session & { id: string };
  const tag = 'fleet-sum';
  const mine: RegisteredKiosk[] = [];
  let others: RegisteredKiosk[] = [];

  /** Sets the liveness columns the generated `status` follows (connected, reporting, commanded). */
  async function setState(k: RegisteredKiosk, status: Status, canSell: Sell, lastSeen: string | null) {
    await ds.query(
      `UPDATE kiosk_state SET connected = $2, reporting = $3, commanded_status = $4, can_sell = $5,
         last_seen_at = $6 WHERE kiosk_id = $1`,
      [
        k.id,
        status !== 'offline',
        status !== 'stale',
        status === 'blocked' || status === 'maintenance' ? status : null,
        canSell,
        lastSeen,
      ],
    );
  }

  const get = (path: string, auth?: Record<string, string>) => {
    const req = t.http().get(`${API}${path}`);
    return auth ? req.set(auth) : req;
  };

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    admin = await t.admin();
    operator = await t.userWithRole(Role.Operator);
    // The operator's kiosks (also tagged, for the API key): one of each status, one decommissioned.
    const plan: Array<[Status, Sell, string | null]> = [
      ['online', 'full', NOT_SILENT],
      ['online', 'card_only', NOT_SILENT],
      ['stale', 'full', '2026-12-07T09:00:00.000Z'],
      ['offline', null, '2026-12-07T08:00:00.000Z'],
      ['offline', null, null],
      ['blocked', 'none', '2026-12-07T09:30:00.000Z'],
      ['maintenance', 'none', '2026-12-07T09:45:00.000Z'],
    ];
    for (const [i, [status, sell, seen]] of plan.entries()) {
      const k = await registerKiosk(t, { tags: [tag], name: `Mine ${i}` });
      await assign(t, k, operator);
      await setState(k, status, sell, seen);
      mine.push(k);
    }
    const gone = await registerKiosk(t, { tags: [tag] });
    await assign(t, gone, operator);
    await t.http().delete(`${API}/kiosks/${gone.id}`).set(admin.auth).expect(204);
    // Someone else's: seen only by the admin.
    others = [await registerKiosk(t), await registerKiosk(t)];
    await setState(others[0], 'blocked', 'none', '2026-12-07T07:00:00.000Z');
    await setState(others[1], 'online', 'cash_only', NOT_SILENT);
  });
  afterAll(async () => {
    await t.close();
  });

  const OPERATOR_COUNTS = {
    total: 7,
    byStatus: { online: 2, stale: 1, offline: 2, blocked: 1, maintenance: 1, decommissioned: 1 },
    bySell: { full: 2, card_only: 1, cash_only: 0, none: 2, unknown: 2 },
  };

  it('counts the operator’s and the API key’s kiosks, and lists those needing attention most urgent first', async () => {
    const ofOperator = await get('/kiosks/summary', operator.auth).expect(200);
    expect(ofOperator.body).toMatchObject(OPERATOR_COUNTS);
    // Blocked, then offline (never seen before the longest silent), then stale; maintenance is not listed.
    expect(ofOperator.body.attention.map((k: { id: number }) => k.id)).toEqual([
      mine[5].id,
      mine[4].id,
      mine[3].id,
      mine[2].id,
    ]);
    expect(ofOperator.body.attention[0]).toMatchObject({
      id: mine[5].id,
      status: 'blocked',
      canSell: 'none',
    });

    const key = await issueApiKey(t, { role: 'viewer', tags: [tag] });
    const ofKey = await get('/kiosks/summary', key.auth).expect(200);
    expect(ofKey.body).toEqual(ofOperator.body);
  });

  it('gives the admin every kiosk and a viewer with no kiosks zeros', async () => {
    const ofAdmin = await get('/kiosks/summary?attentionLimit=2', admin.auth).expect(200);
    expect(ofAdmin.body).toMatchObject({
      total: 9,
      byStatus: { online: 3, stale: 1, offline: 2, blocked: 2, maintenance: 1, decommissioned: 1 },
      bySell: { full: 2, card_only: 1, cash_only: 1, none: 3, unknown: 2 },
    });
    // Two blocked kiosks, the one silent longer first; the limit cuts the list.
    expect(ofAdmin.body.attention.map((k: { id: number }) => k.id)).toEqual([others[0].id, mine[5].id]);

    const viewer = await t.userWithRole(Role.Viewer);
    const ofViewer = await get('/kiosks/summary', viewer.auth).expect(200);
    expect(ofViewer.body).toEqual({
      total: 0,
      byStatus: { online: 0, stale: 0, offline: 0, blocked: 0, maintenance: 0, decommissioned: 0 },
      bySell: { full: 0, card_only: 0, cash_only: 0, none: 0, unknown: 0 },
      attention: [],
    });
    expect((await get('/kiosks/map-points', viewer.auth).expect(200)).body).toEqual({ items: [] });
    const none = await get('/kiosks/summary?attentionLimit=0', admin.auth).expect(200);
    expect(none.body.attention).toEqual([]);
  });

  it('gives each caller the map points of the kiosks it sees, by id, without decommissioned ones', async () => {
    const ofOperator = await get('/kiosks/map-points', operator.auth).expect(200);
    const points = ofOperator.body.items as MapPoint[];
    expect(points.map((p) => p.id)).toEqual(mine.map((k) => k.id));
    expect(points[0]).toEqual({
      id: mine[0].id,
      name: 'Mine 0',
      serial: mine[0].serial,
      lat: -34.6,
      lng: -58.38,
      status: 'online',
      canSell: 'full',
    });
    expect(points.map((p) => p.status)).toEqual([
      'online',
      'online',
      'stale',
      'offline',
      'offline',
      'blocked',
      'maintenance',
    ]);
    const key = await issueApiKey(t, { role: 'viewer', tags: [tag] });
    expect((await get('/kiosks/map-points', key.auth).expect(200)).body).toEqual(ofOperator.body);
    const ofAdmin = (await get('/kiosks/map-points', admin.auth).expect(200)).body.items as MapPoint[];
    expect(ofAdmin.map((p) => p.id)).toEqual([...mine, ...others].map((k) => k.id));
  });

  it('refuses anonymous callers', async () => {
    await get('/kiosks/summary').expect(401);
    await get('/kiosks/map-points').expect(401);
  });

  it.each([
    ['attentionLimit negative', 'attentionLimit=-1'],
    ['attentionLimit above the maximum', 'attentionLimit=51'],
    ['attentionLimit huge', `attentionLimit=${'9'.repeat(400)}`],
    ['attentionLimit a fraction', 'attentionLimit=1.5'],
    ['attentionLimit not a number', 'attentionLimit=abc'],
    ['attentionLimit given twice', 'attentionLimit=1&attentionLimit=2'],
    ['attentionLimit an object', 'attentionLimit[a]=1'],
    [
      'attentionLimit NUL and SQL in it',
      `attentionLimit=${encodeURIComponent('1\u0000; DROP TABLE kiosks')}`,
    ],
    ['an unknown parameter', 'status=online'],
    ['a long unknown parameter', `x=${'a'.repeat(5000)}`],
  ])('answers 400 to a summary query with %s', async (_what, query) => {
    const res = await get(`/kiosks/summary?${query}`, admin.auth).expect(400);
    expect(res.body.message).toEqual(expect.any(String));
  });

  it.each([
    ['a paging parameter', 'limit=10'],
    ['a filter parameter', 'status=online'],
    ['an unknown parameter with SQL', `q=${encodeURIComponent("' OR 1=1 --")}`],
  ])('answers 400 to map points with %s (nothing to filter or page)', async (_what, query) => {
    await get(`/kiosks/map-points?${query}`, admin.auth).expect(400);
  });

  it('still answers GET /kiosks/:id for numeric ids and 400 for other words', async () => {
    await get(`/kiosks/${mine[0].id}`, admin.auth).expect(200);
    await get('/kiosks/summaries', admin.auth).expect(400);
  });
});
