import { get, IncomingMessage } from 'node:http';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { Role } from '@app/contracts';
import { LongReads } from '@app/database';
import { assign, eventually, RegisteredKiosk, registerKiosk } from './support/kiosks';
import { paymentDomainModules } from './support/payments';
import { API, Session, startTestApp, TestApp } from './support/test-app';

interface Seeded {
  kioskId: number;
  amount: string;
  minor: number;
  currency: string;
  method: 'cash' | 'card' | 'qr';
  status: 'completed' | 'failed';
  occurredAt: string;
}

/** A small ledger spread over three UTC days, two kiosks, three currencies and all methods. */
function ledger(a: number, b: number): Seeded[] {
  const rows: Seeded[] = [];
  const methods = ['cash', 'card', 'qr'] as const;
  for (let i = 0; i < 36; i++) {
    const day = 10 + (i % 3);
    const hour = (i * 5) % 24;
    const currency = i % 4 === 0 ? 'JPY' : i % 7 === 0 ? 'KWD' : 'USD';
    const minor = 100 + i * 37;
    const amount =
      currency === 'JPY'
        ? String(minor)
        : currency === 'KWD'
          ? (minor / 1000).toFixed(3)
          : (minor / 100).toFixed(2);
    rows.push({
      kioskId: i % 2 ? a : b,
      amount,
      minor,
      currency,
      method: methods[i % 3],
      status: i % 9 === 4 ? 'failed' : 'completed',
      occurredAt: `2026-11-${day}T${String(hour).padStart(2, '0')}:${String(i).padStart(2, '0')}:00.000Z`,
    });
  }
  return rows;
}

describe('payment queries: list/filter, summary, CSV export, visibility', () => {
  let t: TestApp;
  let admin: Session;
  let operator: Session & { id: string };
  let viewer: Session & { id: string };
  let db: DataSource;
  let a: RegisteredKiosk;
  let b: RegisteredKiosk;
  let seeded: Array<Seeded & { id: string }>;

  beforeAll(async () => {
    t = await startTestApp({ domainModules: paymentDomainModules() });
    admin = await t.admin();
    db = t.app.get(DataSource);
    [a, b] = [await registerKiosk(t), await registerKiosk(t)];
    operator = await t.userWithRole(Role.Operator);
    viewer = await t.userWithRole(Role.Viewer);
    await assign(t, a, operator);
    seeded = [];
    for (const [i, s] of ledger(a.id, b.id).entries()) {
      const res = await t
        .http()
        .post(`${API}/payments`)
        .set(admin.auth)
        .send({
          kioskId: s.kioskId,
          transactionId: `Q-${i}`,
          amount: s.amount,
          currency: s.currency,
          method: s.method,
          status: s.status,
          occurredAt: s.occurredAt,
        })
        .expect(201);
      seeded.push({ ...s, id: res.body.id });
    }
    // one cash refund, so `refunded` shows in the summary
    const first = seeded.find((s) => s.method === 'cash' && s.status === 'completed' && s.currency === 'USD');
    await t
      .http()
      .post(`${API}/payments/${first?.id}/refund`)
      .set(admin.auth)
      .send({ amount: '0.50', reason: 'x' })
      .expect(200);
    if (first) (first as Seeded & { refundedMinor?: number }).refundedMinor = 50;
  });
  afterAll(() => t.close());

  const list = async (query: string, auth = admin.auth) =>
    (await t.http().get(`${API}/payments?${query}`).set(auth).expect(200)).body as {
      items: Array<{ id: string; occurredAt: string; kioskId: number; amountMinor: number }>;
      nextCursor: string | null;
    };
  const newestFirst = (rows: Array<Seeded & { id: string }>) =>
    [...rows]
      .sort((x, y) => y.occurredAt.localeCompare(x.occurredAt) || y.id.localeCompare(x.id))
      .map((r) => r.id);

  it('lists newest first and pages through everything with the keyset cursor', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(7);
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual(newestFirst(seeded));
  });

  it('filters by kiosk, method, status, currency, date range and exact amount range', async () => {
    const check = async (query: string, keep: (s: Seeded) => boolean) => {
      expect((await list(`limit=200&${query}`)).items.map((i) => i.id)).toEqual(
        newestFirst(seeded.filter(keep)),
      );
    };
    await check(`kioskId=${a.id}`, (s) => s.kioskId === a.id);
    await check('method=qr', (s) => s.method === 'qr');
    await check('status=failed', (s) => s.status === 'failed');
    await check('currency=jpy', (s) => s.currency === 'JPY');
    await check(
      'from=2026-11-11T00:00:00.000Z&to=2026-11-12T00:00:00.000Z',
      (s) => s.occurredAt >= '2026-11-11' && s.occurredAt < '2026-11-12',
    );
    await check(
      'currency=USD&minAmount=5.00&maxAmount=9.99',
      (s) => s.currency === 'USD' && s.minor >= 500 && s.minor <= 999,
    );
    await check('currency=JPY&minAmount=1000', (s) => s.currency === 'JPY' && s.minor >= 1000);
    const noCurrency = await t.http().get(`${API}/payments?minAmount=5`).set(admin.auth).expect(400);
    expect(noCurrency.body.details).toEqual([
      { field: 'minAmount', message: 'needs currency (amounts are per currency)' },
    ]);
    const tooPrecise = await t
      .http()
      .get(`${API}/payments?currency=USD&minAmount=5.001`)
      .set(admin.auth)
      .expect(400);
    expect(tooPrecise.body.details[0].field).toBe('minAmount');
    await t.http().get(`${API}/payments?method=cheque`).set(admin.auth).expect(400);
    const forged = Buffer.from(JSON.stringify({ k: 'yesterday', id: 'x' })).toString('base64url');
    const badCursor = await t.http().get(`${API}/payments?cursor=${forged}`).set(admin.auth).expect(400);
    expect(badCursor.body.details).toEqual([{ field: 'cursor', message: 'invalid cursor' }]);
  });

  it('shows operators and viewers only their kiosks’ payments (404 for others’ kiosks and payments)', async () => {
    const mine = seeded.filter((s) => s.kioskId === a.id);
    expect((await list('limit=200', operator.auth)).items.map((i) => i.id)).toEqual(newestFirst(mine));
    expect((await list('limit=200', viewer.auth)).items).toEqual([]);
    await t.http().get(`${API}/payments?kioskId=${b.id}`).set(operator.auth).expect(404);
    const theirs = seeded.find((s) => s.kioskId === b.id);
    await t.http().get(`${API}/payments/${theirs?.id}`).set(operator.auth).expect(404);
    await t.http().get(`${API}/payments/${mine[0].id}`).set(operator.auth).expect(200);
    await t.http().get(`${API}/payments/${mine[0].id}`).set(viewer.auth).expect(404);
    await t
      .http()
      .get(`${API}/payments/summary?groupBy=kiosk&kioskId=${b.id}`)
      .set(operator.auth)
      .expect(404);
    await t.http().get(`${API}/payments/export.csv?kioskId=${b.id}`).set(operator.auth).expect(404);
    const csv = await t.http().get(`${API}/payments/export.csv`).set(operator.auth).expect(200);
    const csvRows = parse(csv.text, { columns: true }) as Array<{ id: string }>;
    expect(csvRows.map((r) => r.id)).toEqual(newestFirst(mine));
    await t.http().get(`${API}/payments`).expect(401);
  });

  it('summarises per day, kiosk and method in SQL, exactly, with partial days at the range edges', async () => {
    const from = '2026-11-10T13:00:00.000Z';
    const to = '2026-11-12T07:30:00.000Z';
    const inRange = seeded.filter((s) => s.status !== 'failed' && s.occurredAt >= from && s.occurredAt < to);
    const expected = (key: (s: Seeded) => string) => {
      const groups = new Map<
        string,
        { key: string; currency: string; count: number; minor: number; refunded: number }
      >();
      for (const s of inRange) {
        const k = `${key(s)}|${s.currency}`;
        const g = groups.get(k) ?? { key: key(s), currency: s.currency, count: 0, minor: 0, refunded: 0 };
        g.count++;
        g.minor += s.minor;
        g.refunded += (s as Seeded & { refundedMinor?: number }).refundedMinor ?? 0;
        groups.set(k, g);
      }
      const exp = (c: string) => (c === 'JPY' ? 0 : c === 'KWD' ? 3 : 2);
      const fmt = (m: number, c: string) => (exp(c) ? (m / 10 ** exp(c)).toFixed(exp(c)) : String(m));
      return [...groups.values()]
        .map((g) => ({
          key: g.key,
          currency: g.currency,
          count: g.count,
          total: fmt(g.minor, g.currency),
          refunded: fmt(g.refunded, g.currency),
        }))
        .sort(
          (x, y) =>
            x.key.localeCompare(y.key, 'en', { numeric: true }) || x.currency.localeCompare(y.currency),
        );
    };
    const summary = async (groupBy: string, extra = '') =>
      (
        await t
          .http()
          .get(`${API}/payments/summary?groupBy=${groupBy}&from=${from}&to=${to}${extra}`)
          .set(admin.auth)
          .expect(200)
      ).body;
    expect(await summary('day')).toEqual({ groups: expected((s) => s.occurredAt.slice(0, 10)) });
    expect(await summary('kiosk')).toEqual({ groups: expected((s) => String(s.kioskId)) });
    expect(await summary('method')).toEqual({ groups: expected((s) => s.method) });
    const usd = await summary('method', '&currency=USD');
    expect(usd.groups.every((g: { currency: string }) => g.currency === 'USD')).toBe(true);
    expect(usd.groups.length).toBeGreaterThan(0);
    // operators: their kiosks only
    const mine = (
      await t
        .http()
        .get(`${API}/payments/summary?groupBy=kiosk&from=${from}&to=${to}`)
        .set(operator.auth)
        .expect(200)
    ).body;
    expect(mine.groups.every((g: { key: string }) => g.key === String(a.id))).toBe(true);
    await t.http().get(`${API}/payments/summary?groupBy=week`).set(admin.auth).expect(400);
    await t
      .http()
      .get(`${API}/payments/summary?groupBy=day&from=${to}&to=${from}`)
      .set(admin.auth)
      .expect(400);
  });

  it('exports CSV (export.csv and Accept: text/csv) with the same rows and filters as the list', async () => {
    const res = await t.http().get(`${API}/payments/export.csv?method=card`).set(admin.auth).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parse(res.text, { columns: true }) as Array<Record<string, string>>;
    const card = seeded.filter((s) => s.method === 'card');
    expect(rows.map((r) => r.id)).toEqual(newestFirst(card));
    const one = card.find((s) => s.currency === 'KWD') ?? card[0];
    expect(rows.find((r) => r.id === one.id)).toMatchObject({
      amount: one.amount,
      amountMinor: String(one.minor),
      currency: one.currency,
    });
    const accept = await t
      .http()
      .get(`${API}/payments?method=card`)
      .set(admin.auth)
      .set('Accept', 'text/csv')
      .expect(200);
    expect(accept.text).toBe(res.text);
    expect(Object.keys(rows[0])).toEqual([
      'id',
      'kioskId',
      'transactionId',
      'amount',
      'amountMinor',
      'currency',
      'method',
      'status',
      'refundedAmount',
      'occurredAt',
      'createdAt',
    ]);
  });

  it('streams 300,000 rows with flat memory, holds no connection while the reader is paused, and frees its place when the client goes away', async () => {
    const k = await registerKiosk(t);
    await db.query(
      `INSERT INTO payments (kiosk_id, transaction_id, amount_minor, currency, method, status, occurred_at, source)
       SELECT $1, 'BULK-' || g, 100 + g % 1000, 'USD', (ARRAY['cash','card','qr'])[1 + g % 3], 'completed',
              timestamptz '2026-10-01' + g * interval '1 second', 'api'
         FROM generate_series(1, 300000) g`,
      [k.id],
    );
    const url = `${t.baseUrl}${API}/payments/export.csv?kioskId=${k.id}`;
    const open = () =>
      new Promise<IncomingMessage>((resolve, reject) =>
        get(url, { headers: admin.auth }, resolve).on('error', reject),
      );

    // A reader that stops reading: the server must not buffer the rest.
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const slow = await open();
    expect(slow.statusCode).toBe(200);
    await new Promise((r) => slow.once('data', r));
    slow.pause();
    await new Promise((r) => setTimeout(r, 1500));
    const grown = process.memoryUsage().heapUsed - before;
    // 300k rows as objects would take well over 100 MB; a paused stream holds a few batches.
    expect(grown).toBeLessThan(40 * 1024 * 1024);
    const busy = async () =>
      Number(
        (
          await db.query(
            `SELECT count(*) AS n FROM pg_stat_activity WHERE state <> 'idle' AND query LIKE '%FROM payments p WHERE%ORDER BY p.occurred_at DESC%' AND pid <> pg_backend_pid()`,
          )
        )[0].n,
      );
    // Keyset chunks: once the socket buffers are full the export stops reading, and between chunks
    // it holds no connection (a server-side cursor would show here as one busy backend throughout).
    const longReads = t.app.get(LongReads);
    await eventually(
      async () => {
        for (let quiet = 0; quiet < 20; quiet++) {
          expect(await busy()).toBe(0);
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      20_000,
      0,
    );
    expect(longReads.active('payments_csv')).toBe(1);
    slow.destroy();
    await eventually(async () => expect(longReads.active('payments_csv')).toBe(0));
    expect(await busy()).toBe(0);

    // A reader that reads everything gets every row once.
    const full = await open();
    let lines = 0;
    let tail = '';
    for await (const chunk of full) {
      const text = tail + (chunk as Buffer).toString();
      const parts = text.split('\n');
      tail = parts.pop() ?? '';
      lines += parts.length;
    }
    expect(lines).toBe(300_001);
    // 300 keyset statements instead of one cursor: a little slower than the cursor was on 2 shared cores.
  }, 120_000);
});
