import { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { Role } from '@app/contracts';
import { PaymentHousekeeping } from '@app/payment';
import { assign, emitWithAck, eventually, RegisteredKiosk, registerKiosk } from './support/kiosks';
import { pay, paymentFeed, sale, paymentDomainModules, recordingKiosk } from './support/payments';
import { API, Session, startTestApp, TestApp } from './support/test-app';

describe('payment refunds: cash at once, card/QR through the kiosk, never more than paid', () => {
  let t: TestApp;
  let admin: Session;
  let db: DataSource;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({ domainModules: paymentDomainModules() });
    admin = await t.admin();
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  const fakeKiosk = (k?: RegisteredKiosk) => recordingKiosk(t, sockets, k);
  const paid = async (socket: Socket, overrides: Record<string, unknown> = {}) => {
    const ack = await pay(socket, sale(overrides));
    expect(ack.ok).toBe(true);
    return ack.payment_id as string;
  };
  const refund = (id: string, body: Record<string, unknown>, auth = admin.auth, key?: string) => {
    const req = t.http().post(`${API}/payments/${id}/refund`).set(auth);
    if (key) req.set('Idempotency-Key', key);
    return req.send(body);
  };
  const getPayment = async (id: string) =>
    (await t.http().get(`${API}/payments/${id}`).set(admin.auth).expect(200)).body;

  it('records a cash refund at once (200), in part then in full, with a payment.refunded outbox event', async () => {
    const { socket } = await fakeKiosk();
    const id = await paid(socket, { amount: '10.00', method: 'cash' });
    const part = await refund(id, { amount: '2.50', reason: 'coin jam' }).expect(200);
    expect(part.body).toMatchObject({
      id,
      status: 'partially_refunded',
      refundedAmount: '2.50',
      amount: '10.00',
    });
    const rest = await refund(id, { reason: 'customer unhappy' }).expect(200);
    expect(rest.body).toMatchObject({ status: 'refunded', refundedAmount: '10.00' });
    const events = await db.query(
      `SELECT payload FROM outbox WHERE event_type = 'payment.refunded' AND payload->>'id' = $1 ORDER BY id`,
      [id],
    );
    expect(
      events.map((e: { payload: { refund: unknown; status: string } }) => [
        e.payload.status,
        e.payload.refund,
      ]),
    ).toEqual([
      [
        'partially_refunded',
        { id: expect.any(String), amount: '2.50', amountMinor: 250, reason: 'coin jam' },
      ],
      ['refunded', { id: expect.any(String), amount: '7.50', amountMinor: 750, reason: 'customer unhappy' }],
    ]);
    const again = await refund(id, { amount: '0.01', reason: 'x' }).expect(422);
    expect(again.body.message).toMatch(/already fully refunded/);
  });

  it('refuses refunds above what is left (422), bad amounts (400), failed payments (422)', async () => {
    const { socket } = await fakeKiosk();
    const id = await paid(socket, { amount: '1250', currency: 'JPY' });
    const over = await refund(id, { amount: '1251', reason: 'x' }).expect(422);
    expect(over.body.details).toEqual([{ field: 'amount', message: 'must be at most 1250 JPY' }]);
    const fraction = await refund(id, { amount: '1.5', reason: 'x' }).expect(400);
    expect(fraction.body.details).toEqual([
      { field: 'amount', message: expect.stringMatching(/whole number/) },
    ]);
    await refund(id, { amount: '0', reason: 'x' }).expect(400);
    await refund(id, { amount: '10' }).expect(400);
    await refund(id, { amount: '10', reason: 'x', tip: 1 }).expect(400);
    const failed = await paid(socket, { status: 'failed' });
    expect((await refund(failed, { reason: 'x' }).expect(422)).body.message).toMatch(/failed payment/);
    await refund('00000000-0000-4000-8000-000000000000', { reason: 'x' }).expect(404);
    await refund('not-a-uuid', { reason: 'x' }).expect(400);
    expect((await getPayment(id)).refundedAmount).toBe('0');
  });

  it('never refunds more than paid under 40 concurrent refund requests (row lock)', async () => {
    const { socket } = await fakeKiosk();
    const id = await paid(socket, { amount: '10.00', method: 'cash' });
    const results = await Promise.all(
      Array.from({ length: 40 }, () => refund(id, { amount: '1.00', reason: 'race' })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 422)).toHaveLength(30);
    const p = await getPayment(id);
    expect(p).toMatchObject({ status: 'refunded', refundedAmount: '10.00' });
    const [sum] = await db.query(
      `SELECT sum(amount_minor)::int AS total, count(*)::int AS n FROM payment_refunds WHERE payment_id = $1 AND status = 'completed'`,
      [id],
    );
    expect(sum).toEqual({ total: 1000, n: 10 });
  });

  it('replays a refund for the same Idempotency-Key (one refund), 422 for the key with another body', async () => {
    const { socket } = await fakeKiosk();
    const id = await paid(socket, { amount: '10.00', method: 'cash' });
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        refund(id, { amount: '3.00', reason: 'once' }, admin.auth, 'refund-key'),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(results.every((r) => r.body.refundedAmount === '3.00')).toBe(true);
    const [n] = await db.query(`SELECT count(*)::int AS n FROM payment_refunds WHERE payment_id = $1`, [id]);
    expect(n.n).toBe(1);
    const other = await refund(id, { amount: '4.00', reason: 'once' }, admin.auth, 'refund-key').expect(422);
    expect(other.body.message).toMatch(/different request/);
    expect((await getPayment(id)).refundedAmount).toBe('3.00');
  });

  it('lets the kiosk’s operator refund (not viewers: 403; not other operators: 404)', async () => {
    const { kiosk, socket } = await fakeKiosk();
    const id = await paid(socket, { amount: '5.00', method: 'cash' });
    const operator = await t.userWithRole(Role.Operator);
    const other = await t.userWithRole(Role.Operator);
    const viewer = await t.userWithRole(Role.Viewer);
    await assign(t, kiosk, operator);
    await refund(id, { amount: '1.00', reason: 'x' }, other.auth).expect(404);
    await refund(id, { amount: '1.00', reason: 'x' }, viewer.auth).expect(403);
    await refund(id, { amount: '1.00', reason: 'x' }, operator.auth).expect(200);
  });

  it('refunds a card payment through the kiosk: refund_pending (202) until the kiosk confirms, then refunded', async () => {
    const { kiosk, socket, commands } = await fakeKiosk();
    const feed = await paymentFeed(t, admin);
    sockets.push(feed.socket);
    const id = await paid(socket, { amount: '8.40', method: 'card' });
    const res = await refund(id, { amount: '8.40', reason: 'double charge' }).expect(202);
    expect(res.body).toMatchObject({ id, status: 'refund_pending', refundedAmount: '0.00' });
    const cmd = await eventually(async () => {
      expect(commands).toHaveLength(1);
      return commands[0];
    });
    expect(cmd).toMatchObject({
      command: 'refund',
      kiosk_id: kiosk.id,
      params: { payment_id: id, amount: '8.40' },
    });
    // a second refund while the kiosk works on the first one waits for it
    expect((await refund(id, { amount: '1.00', reason: 'x' }).expect(422)).body.message).toMatch(
      /waiting for the kiosk/,
    );
    expect((await getPayment(id)).status).toBe('refund_pending');

    const ack = await emitWithAck(socket, 'kiosk_command_ack', {
      command_id: cmd.command_id,
      kiosk_id: kiosk.id,
      command: 'refund',
      status: 'success',
      timestamp: new Date().toISOString(),
    });
    expect(ack).toMatchObject({ ok: true });
    await eventually(async () =>
      expect(await getPayment(id)).toMatchObject({ status: 'refunded', refundedAmount: '8.40' }),
    );
    await eventually(async () =>
      expect(feed.payments.filter((p) => p.id === id).map((p) => [p.status, p.refundedAmount])).toEqual([
        ['completed', '0.00'],
        ['refund_pending', '0.00'],
        ['refunded', '8.40'],
      ]),
    );
    const events = await db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'payment.refunded' AND payload->>'id' = $1`,
      [id],
    );
    expect(events[0].n).toBe(1);
  });

  it('undoes a QR refund the kiosk could not carry out: back to the previous status', async () => {
    const { kiosk, socket, commands } = await fakeKiosk();
    const feed = await paymentFeed(t, admin);
    sockets.push(feed.socket);
    const id = await paid(socket, { amount: '20.00', method: 'qr' });
    await refund(id, { amount: '5.00', reason: 'first' }, admin.auth).expect(202);
    const first = await eventually(
      async () => commands.find((c) => c.params.payment_id === id) ?? Promise.reject(new Error('no command')),
    );
    await emitWithAck(socket, 'kiosk_command_ack', {
      ...first,
      status: 'success',
      timestamp: new Date().toISOString(),
    });
    await eventually(async () => expect((await getPayment(id)).status).toBe('partially_refunded'));

    await refund(id, { reason: 'the rest' }).expect(202);
    const second = await eventually(async () => {
      expect(commands).toHaveLength(2);
      return commands[1];
    });
    expect(second.params).toEqual({ payment_id: id, amount: '15.00' });
    await emitWithAck(socket, 'kiosk_command_ack', {
      command_id: second.command_id,
      kiosk_id: kiosk.id,
      command: 'refund',
      status: 'error',
      error: 'QR provider unreachable',
      timestamp: new Date().toISOString(),
    });
    await eventually(async () =>
      expect(await getPayment(id)).toMatchObject({ status: 'partially_refunded', refundedAmount: '5.00' }),
    );
    // the live feed saw every status, the undo included
    await eventually(async () =>
      expect(feed.payments.filter((p) => p.id === id).map((p) => p.status)).toEqual([
        'completed',
        'refund_pending',
        'partially_refunded',
        'refund_pending',
        'partially_refunded',
      ]),
    );
    const refunds = await db.query(
      `SELECT status, error FROM payment_refunds WHERE payment_id = $1 ORDER BY created_at`,
      [id],
    );
    expect(refunds).toEqual([
      { status: 'completed', error: null },
      { status: 'failed', error: 'refund command failed' },
    ]);
    // and the rest can be refunded again afterwards
    await refund(id, { reason: 'retry' }).expect(202);
  });

  it('settles refunds whose command events were missed (a process stopped mid-way)', async () => {
    const kiosk = await registerKiosk(t);
    const online = await fakeKiosk(kiosk);
    const done = await paid(online.socket, { amount: '4.00', method: 'card' });
    const lost = await paid(online.socket, { amount: '6.00', method: 'card' });
    online.socket.close();
    await refund(done, { reason: 'missed ack' }).expect(202);
    await refund(lost, { reason: 'never sent' }).expect(202);
    // what a crash leaves behind: the command succeeded without anyone settling the refund, and a
    // refund whose command was never issued
    await db.query(
      `UPDATE kiosk_commands SET status = 'succeeded', completed_at = now() WHERE params->>'payment_id' = $1`,
      [done],
    );
    await db.query(
      `UPDATE payment_refunds SET created_at = now() - interval '5 minutes',
              command_id = CASE WHEN payment_id = $2 THEN NULL ELSE command_id END
        WHERE payment_id IN ($1, $2)`,
      [done, lost],
    );
    expect((await getPayment(done)).status).toBe('refund_pending');
    await t.app.get(PaymentHousekeeping).run();
    expect(await getPayment(done)).toMatchObject({ status: 'refunded', refundedAmount: '4.00' });
    expect(await getPayment(lost)).toMatchObject({ status: 'completed', refundedAmount: '0.00' });
  });

  it('undoes a refund whose command is cancelled before the kiosk ran it (as for an expired one)', async () => {
    const kiosk = await registerKiosk(t);
    const online = await fakeKiosk(kiosk);
    const id = await paid(online.socket, { amount: '9.99', method: 'card' });
    online.socket.close();
    await refund(id, { amount: '1.99', reason: 'changed mind' }).expect(202);
    const [cmd] = await db.query(`SELECT id FROM kiosk_commands WHERE params->>'payment_id' = $1`, [id]);
    await t.http().post(`${API}/commands/${cmd.id}/cancel`).set(admin.auth).expect(200);
    await eventually(async () =>
      expect(await getPayment(id)).toMatchObject({ status: 'completed', refundedAmount: '0.00' }),
    );
    const [r] = await db.query(`SELECT status, error FROM payment_refunds WHERE payment_id = $1`, [id]);
    expect(r).toEqual({ status: 'failed', error: 'refund command cancelled' });
  });

  it('keeps a card refund for an offline kiosk pending until the kiosk joins', async () => {
    const kiosk = await registerKiosk(t);
    const online = await fakeKiosk(kiosk);
    const id = await paid(online.socket, { amount: '3.00', method: 'card' });
    online.socket.close();
    await refund(id, { reason: 'later' }).expect(202);
    const cmd = await db.query(`SELECT status FROM kiosk_commands WHERE params->>'payment_id' = $1`, [id]);
    expect(cmd).toEqual([{ status: 'pending' }]);
    const back = await fakeKiosk(kiosk);
    await eventually(async () => expect(back.commands.map((c) => c.params.payment_id)).toEqual([id]));
  });
});
