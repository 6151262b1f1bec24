import { EventBus, ofType } from '@nestjs/cqrs';
import { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { CashMismatchDetectedEvent } from '@app/contracts';
import { emitWithAck, eventually, kioskUpdate, RegisteredKiosk } from './support/kiosks';
import { pay, paymentDomainModules, sale, recordingKiosk } from './support/payments';
import { API, Session, startTestApp, TestApp } from './support/test-app';

type Ack = {
  ok: boolean;
  error?: { code: string; details?: Array<{ field: string; message: string }> };
} & Record<string, unknown>;

describe('payments: z-report reconciliation and command gating by payment session', () => {
  let t: TestApp;
  let admin: Session;
  let db: DataSource;
  const mismatches: CashMismatchDetectedEvent[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      env: { COMMAND_SESSION_HOLD_MAX_SEC: '3' },
      domainModules: paymentDomainModules(),
    });
    admin = await t.admin();
    db = t.app.get(DataSource);
    t.app
      .get(EventBus)
      .pipe(ofType(CashMismatchDetectedEvent))
      .subscribe((e) => mismatches.push(e));
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  const fakeKiosk = (k?: RegisteredKiosk) => recordingKiosk(t, sockets, k);

  describe('z_report (kiosk_payment with type "z_report")', () => {
    let kiosk: RegisteredKiosk;
    let socket: Socket;
    const zReport = (totals: unknown[], extra: Record<string, unknown> = {}) =>
      emitWithAck<Ack>(socket, 'kiosk_payment', {
        type: 'z_report',
        business_date: '2026-11-20',
        timezone: 'America/Argentina/Buenos_Aires',
        timestamp: new Date().toISOString(),
        totals,
        ...extra,
      });

    beforeAll(async () => {
      ({ kiosk, socket } = await fakeKiosk());
      // The kiosk's business day 2026-11-20 in Buenos Aires (UTC-3) runs to 2026-11-21T03:00Z.
      const sales = [
        { amount: '10.00', method: 'cash', timestamp: '2026-11-20T09:00:00-03:00' },
        { amount: '5.50', method: 'cash', timestamp: '2026-11-20T23:30:00-03:00' },
        { amount: '20.00', method: 'card', timestamp: '2026-11-20T12:00:00-03:00' },
        { amount: '1200', currency: 'JPY', method: 'qr', timestamp: '2026-11-20T13:00:00-03:00' },
        { amount: '3.00', method: 'cash', status: 'failed', timestamp: '2026-11-20T14:00:00-03:00' },
        { amount: '99.00', method: 'cash', timestamp: '2026-11-21T00:30:00-03:00' }, // the next day
      ];
      for (const s of sales) expect((await pay(socket, sale(s))).ok).toBe(true);
    });

    it('stores a matching report and raises nothing', async () => {
      const ack = await zReport([
        { currency: 'USD', method: 'cash', count: 2, amount: '15.50' },
        { currency: 'USD', method: 'card', count: 1, amount: 20 },
        { currency: 'JPY', amount: '1200' },
      ]);
      expect(ack).toEqual({
        ok: true,
        report_id: expect.any(String),
        matched: true,
        duplicate: false,
        mismatches: [],
      });
      const [row] = await db.query(
        `SELECT business_date::text AS d, timezone, mismatches FROM payment_z_reports WHERE id = $1`,
        [ack.report_id],
      );
      expect(row).toEqual({ d: '2026-11-20', timezone: 'America/Argentina/Buenos_Aires', mismatches: [] });
      await new Promise((r) => setTimeout(r, 100));
      expect(mismatches.filter((m) => m.mismatch.kioskId === kiosk.id)).toHaveLength(0);
    });

    it('publishes CashMismatchDetected for each total that disagrees, once per distinct report', async () => {
      const totals = [
        { currency: 'USD', method: 'cash', count: 2, amount: '15.00' },
        { currency: 'USD', method: 'card', amount: '20.00' },
      ];
      const ack = await zReport(totals);
      expect(ack).toMatchObject({ ok: true, matched: false, duplicate: false });
      expect(ack.mismatches).toEqual([
        {
          currency: 'USD',
          method: 'cash',
          reported: '15.00',
          recorded: '15.50',
          reported_count: 2,
          recorded_count: 2,
        },
        {
          currency: 'JPY',
          method: 'qr',
          reported: '0',
          recorded: '1200',
          reported_count: null,
          recorded_count: 1,
        },
      ]);
      await eventually(async () =>
        expect(mismatches.filter((m) => m.mismatch.kioskId === kiosk.id)).toHaveLength(2),
      );
      expect(
        mismatches.find((m) => m.mismatch.kioskId === kiosk.id && m.mismatch.currency === 'USD')?.mismatch,
      ).toEqual({
        kioskId: kiosk.id,
        businessDate: '2026-11-20',
        currency: 'USD',
        method: 'cash',
        reportedMinor: 1500,
        recordedMinor: 1550,
        reportedCount: 2,
        recordedCount: 2,
      });
      const [row] = await db.query(`SELECT mismatches, reported FROM payment_z_reports WHERE id = $1`, [
        ack.report_id,
      ]);
      expect(row.mismatches).toHaveLength(2);
      expect(row.reported[0]).toEqual({ currency: 'USD', method: 'cash', count: 2, amountMinor: '1500' });

      const again = await zReport(totals);
      expect(again).toMatchObject({ ok: true, duplicate: true, report_id: ack.report_id, matched: false });
      await new Promise((r) => setTimeout(r, 200));
      expect(mismatches.filter((m) => m.mismatch.kioskId === kiosk.id)).toHaveLength(2);
    });

    it('refuses a malformed report with invalid_payload details', async () => {
      const bad = async (totals: unknown[], extra: Record<string, unknown>, field: string) => {
        const ack = await zReport(totals, extra);
        expect(ack.ok).toBe(false);
        expect(ack.error?.code).toBe('invalid_payload');
        expect(ack.error?.details?.map((d) => d.field)).toContain(field);
      };
      await bad([{ currency: 'USD', amount: '1.001' }], {}, 'totals.0.amount');
      await bad([{ currency: 'USD', amount: '-1' }], {}, 'totals.0.amount');
      await bad([{ currency: 'XYZ', amount: '1' }], {}, 'totals.0.currency');
      await bad(
        [
          { currency: 'USD', amount: '1' },
          { currency: 'usd', amount: '2' },
        ],
        {},
        'totals.1',
      );
      await bad([], { business_date: '2026-02-30' }, 'business_date');
      await bad([], { timezone: 'Mars/Olympus' }, 'timezone');
      await bad([{ currency: 'USD' }], {}, 'totals.0.amount');
    });
  });

  describe('command gating: restart, update and block wait while a payment session is open', () => {
    const update = (socket: Socket, active: boolean | undefined, seq: number) =>
      emitWithAck<Ack>(
        socket,
        'kiosk_update',
        kioskUpdate(seq, active === undefined ? {} : { session: { active } }),
      );
    const issue = async (kioskId: number, body: Record<string, unknown>) =>
      (await t.http().post(`${API}/kiosks/${kioskId}/commands`).set(admin.auth).send(body).expect(202))
        .body as {
        id: string;
      };
    const command = async (id: string) =>
      (await t.http().get(`${API}/commands/${id}`).set(admin.auth).expect(200)).body;
    const sessionOf = async (kioskId: number) =>
      (await db.query(`SELECT active FROM kiosk_payment_sessions WHERE kiosk_id = $1`, [kioskId]))[0]?.active;

    it('holds them (with the reason on the command) until the kiosk reports the session ended', async () => {
      const { kiosk, socket, commands } = await fakeKiosk();
      expect(await update(socket, true, 1)).toEqual({ ok: true });
      await eventually(async () => expect(await sessionOf(kiosk.id)).toBe(true));
      const issuedAt = Date.now();
      const restart = await issue(kiosk.id, { command: 'restart' });
      const block = await issue(kiosk.id, { command: 'block', params: { reason: 'x' } });
      const maintenance = await issue(kiosk.id, { command: 'maintenance' });
      // not gated: goes out at once
      await eventually(async () => expect(commands.map((c) => c.command_id)).toEqual([maintenance.id]));
      await new Promise((r) => setTimeout(r, 500));
      for (const held of [restart, block]) {
        expect(await command(held.id)).toMatchObject({
          status: 'pending',
          holdReason: 'held: a payment session is open on the kiosk',
        });
      }
      // a reading without session says nothing about it: still held
      expect(await update(socket, undefined, 2)).toEqual({ ok: true });
      await new Promise((r) => setTimeout(r, 300));
      expect(commands).toHaveLength(1);

      expect(await update(socket, false, 3)).toEqual({ ok: true });
      await eventually(async () =>
        expect(commands.map((c) => c.command_id).sort()).toEqual(
          [maintenance.id, restart.id, block.id].sort(),
        ),
      );
      // released by the end of the session, well before the 3 s hold deadline would have
      expect(Date.now() - issuedAt).toBeLessThan(2_500);
      const sent = await command(restart.id);
      expect(sent).toMatchObject({ status: 'sent', holdReason: null });
      expect(sent.history.map((h: { to: string }) => h.to)).toEqual(['pending', 'sent']);
    });

    it('sends a held command anyway once COMMAND_SESSION_HOLD_MAX_SEC has passed', async () => {
      const { kiosk, socket, commands } = await fakeKiosk();
      await update(socket, true, 1);
      await eventually(async () => expect(await sessionOf(kiosk.id)).toBe(true));
      const started = Date.now();
      const upd = await issue(kiosk.id, { command: 'update', params: { version: '2.0.1' } });
      await new Promise((r) => setTimeout(r, 500));
      expect((await command(upd.id)).holdReason).toBe('held: a payment session is open on the kiosk');
      expect(commands).toHaveLength(0);
      await eventually(async () => expect(commands.map((c) => c.command_id)).toEqual([upd.id]), 8_000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
      expect(await command(upd.id)).toMatchObject({ status: 'sent', holdReason: null });
      // the session is still open, but a new restart is held again (its own deadline)
      const restart = await issue(kiosk.id, { command: 'restart' });
      await new Promise((r) => setTimeout(r, 500));
      expect((await command(restart.id)).status).toBe('pending');
    });

    it('ignores an older reading that arrives late (a resend) and refuses a malformed session', async () => {
      const { kiosk, socket } = await fakeKiosk();
      const now = Date.now();
      await emitWithAck(
        socket,
        'kiosk_update',
        kioskUpdate(10, { session: { active: false } }, new Date(now)),
      );
      await emitWithAck(
        socket,
        'kiosk_update',
        kioskUpdate(9, { session: { active: true } }, new Date(now - 5000)),
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(await sessionOf(kiosk.id)).toBe(false);
      const bad = await emitWithAck<Ack>(
        socket,
        'kiosk_update',
        kioskUpdate(11, { session: { active: 'yes' } }),
      );
      expect(bad.error?.code).toBe('invalid_payload');
      expect(bad.error?.details?.[0].field).toBe('session.active');
    });
  });
});
