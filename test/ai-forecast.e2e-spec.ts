import { DataSource } from 'typeorm';
import { Role } from '@app/contracts';
import { assign, registerKiosk, RegisteredKiosk } from './support/kiosks';
import { API, Session, startTestApp, TestApp } from './support/test-app';

const DAY_MS = 86_400_000;
/** Net sales per weekday (UTC), major units: a station kiosk, busy on Fridays and Saturdays. */
const WEEK = [120, 130, 125, 140, 180, 260, 90];

/** Deterministic uniform noise in [0, 1) from an integer (a hash, so neighbouring days are unrelated). */
function noise(n: number): number {
  let t = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35);
  return ((t ^ (t >>> 16)) >>> 0) / 4294967296;
}

/**
 * `days` of completed payments up to yesterday, three per day, with a deterministic ±10 % wobble,
 * written straight into the payments table: the daily totals come from its triggers, as in production.
 */
async function seedSales(ds: DataSource, kioskId: number, days: number, currency = 'USD'): Promise<void> {
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const rows: string[] = [];
  const params: unknown[] = [];
  for (let d = days; d >= 1; d--) {
    const dayStart = today - d * DAY_MS;
    const weekday = new Date(dayStart).getUTCDay();
    const wobble = 1 + 0.2 * (noise(d) - 0.5);
    const cents = Math.round((WEEK[weekday] as number) * wobble * 100);
    const parts = [Math.floor(cents / 3), Math.floor(cents / 3), cents - 2 * Math.floor(cents / 3)];
    parts.forEach((amount, i) => {
      params.push(kioskId, `F-${d}-${i}`, amount, currency, new Date(dayStart + (9 + i * 3) * 3_600_000));
      const n = params.length;
      rows.push(`($${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, 'card', 'completed', $${n}, 'api')`);
    });
  }
  await ds.query(
    `INSERT INTO payments (kiosk_id, transaction_id, amount_minor, currency, method, status, occurred_at, source)
     VALUES ${rows.join(', ')}`,
    params,
  );
}

describe('GET /ai/forecast: daily revenue forecast with a backtest', () => {
  let t: TestApp;
  let admin: Session;
  let ds: DataSource;
  let seasoned: RegisteredKiosk;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.admin();
    ds = t.app.get(DataSource);
    seasoned = await registerKiosk(t);
    await seedSales(ds, seasoned.id, 84);
  });
  afterAll(() => t?.close());

  const forecast = (session: Session, query: Record<string, string | number>) =>
    t.http().get(`${API}/ai/forecast`).query(query).set(session.auth);

  it('forecasts the weekly pattern with intervals, and beats the seasonal-naive baseline on the backtest', async () => {
    const res = await forecast(admin, { kioskId: seasoned.id, days: 14 }).expect(200);
    expect(res.body).toMatchObject({
      kioskId: seasoned.id,
      currency: 'USD',
      method: 'holt_winters',
      historyDays: 84,
    });
    const days = res.body.days as Array<{ date: string; expected: number; low: number; high: number }>;
    expect(days).toHaveLength(14);
    const tomorrow = Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS;
    days.forEach((d, i) => {
      const at = tomorrow + i * DAY_MS;
      expect(d.date).toBe(new Date(at).toISOString().slice(0, 10));
      expect(d.low).toBeLessThanOrEqual(d.expected);
      expect(d.expected).toBeLessThanOrEqual(d.high);
      // within the ±10 % wobble of the weekday's level, plus a little for the fit
      const level = WEEK[new Date(at).getUTCDay()] as number;
      expect(Math.abs(d.expected - level) / level).toBeLessThan(0.15);
    });
    const fridays = days.filter((d) => new Date(`${d.date}T00:00:00Z`).getUTCDay() === 5);
    const sundays = days.filter((d) => new Date(`${d.date}T00:00:00Z`).getUTCDay() === 0);
    expect(Math.min(...fridays.map((d) => d.expected))).toBeGreaterThan(
      Math.max(...sundays.map((d) => d.expected)),
    );
    expect(res.body.backtest.days).toBe(14);
    expect(res.body.backtest.mape).toBeLessThan(res.body.backtest.baselineMape);
    expect(res.body.backtest.mape).toBeLessThan(0.15);
  });

  it('subtracts refunds, and falls back to the daily mean before two weeks of history', async () => {
    const young = await registerKiosk(t);
    await seedSales(ds, young.id, 5);
    const res = await forecast(admin, { kioskId: young.id, days: 3 }).expect(200);
    expect(res.body).toMatchObject({
      method: 'mean',
      historyDays: 5,
      backtest: { mape: null, baselineMape: null, days: 0 },
    });
    const before = res.body.days[0].expected as number;
    // refund a whole day's first payment: the mean drops by a fifth of it
    const [[p]] = await ds.query(
      `UPDATE payments SET refunded_minor = amount_minor, status = 'refunded'
        WHERE kiosk_id = $1 AND transaction_id = 'F-1-0' RETURNING amount_minor`,
      [young.id],
    );
    const after = (await forecast(admin, { kioskId: young.id, days: 3 }).expect(200)).body.days[0]
      .expected as number;
    expect(after).toBeCloseTo(before - Number(p.amount_minor) / 100 / 5, 1);
  });

  it('answers 422 without sales, and for a currency the kiosk never sold in', async () => {
    const idle = await registerKiosk(t);
    const none = await forecast(admin, { kioskId: idle.id }).expect(422);
    expect(none.body.message).toMatch(/no sales/);
    await forecast(admin, { kioskId: seasoned.id, currency: 'EUR' }).expect(422);
  });

  it('validates the query', async () => {
    const res = await forecast(admin, { kioskId: 'x', days: 500 }).expect(400);
    const fields = (res.body.details as Array<{ field: string }>).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['kioskId', 'days']));
    await t.http().get(`${API}/ai/forecast`).query({ kioskId: seasoned.id }).expect(401);
  });

  it('shows operators and viewers only the kiosks assigned to them (404 otherwise)', async () => {
    const operator = await t.userWithRole(Role.Operator);
    const viewer = await t.userWithRole(Role.Viewer);
    await forecast(operator, { kioskId: seasoned.id }).expect(404);
    await forecast(viewer, { kioskId: seasoned.id }).expect(404);
    await forecast(admin, { kioskId: 987654 }).expect(404);
    await assign(t, seasoned, viewer);
    await forecast(viewer, { kioskId: seasoned.id, days: 7 }).expect(200);
    await forecast(operator, { kioskId: seasoned.id }).expect(404);
  });
});
