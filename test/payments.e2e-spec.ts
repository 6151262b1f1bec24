import Bull from 'bull';
import { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { Role } from '@app/contracts';
import {
  assign,
  connectKiosk,
  emitWithAck,
  eventually,
  joinedKiosk,
  RegisteredKiosk,
  registerKiosk,
} from './support/kiosks';
import {
  notificationsQueue,
  pay,
  PaymentAck,
  paymentFeed,
  sale,
  paymentDomainModules,
} from './support/payments';
import { API, Session, startTestApp, TestApp } from './support/test-app';

describe('payments: exact recording from kiosks and integrators, exactly once', () => {
  let t: TestApp;
  let admin: Session;
  let db: DataSource;
  let queue: Bull.Queue;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      // The duplicate race below runs over 25 sockets of one kiosk; by default a kiosk's newest
      // socket closes its older ones (CONTRACT.md §8) and its handshakes are rate-limited.
      env: {
        PAYMENT_MAX_AMOUNT_MINOR: '100000000',
        KIOSK_ONE_SOCKET_PER_KIOSK: 'false',
        KIOSK_CONNECT_RATE_PER_MIN: '0',
      },
      domainModules: paymentDomainModules(),
    });
    admin = await t.admin();
    db = t.app.get(DataSource);
    queue = notificationsQueue(t);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await queue.close();
    await t.close();
  });

  const kioskSocket = async (k?: RegisteredKiosk) => {
    const kiosk = k ?? (await registerKiosk(t));
    const socket = await joinedKiosk(t, kiosk);
    sockets.push(socket);
    return { kiosk, socket };
  };
  const getPayment = async (id: string) =>
    (await t.http().get(`${API}/payments/${id}`).set(admin.auth).expect(200)).body;
  const countOf = async (kioskId: number) =>
    Number((await db.query(`SELECT count(*) AS n FROM payments WHERE kiosk_id = $1`, [kioskId]))[0].n);

  it('records a kiosk sale exactly (integer minor units), with its outbox event and a live feed push', async () => {
    const { kiosk, socket } = await kioskSocket();
    const operator = await t.userWithRole(Role.Operator);
    const stranger = await t.userWithRole(Role.Operator);
    await assign(t, kiosk, operator);
    const feeds = await Promise.all([
      paymentFeed(t, admin),
      paymentFeed(t, operator),
      paymentFeed(t, stranger),
    ]);
    feeds.forEach((f) => sockets.push(f.socket));

    const at = '2026-11-25T10:00:00.000Z';
    const ack = await pay(
      socket,
      sale({ transaction_id: 'TX-1', amount: '12.50', timestamp: at, kiosk_id: kiosk.id }),
    );
    expect(ack).toEqual({ ok: true, payment_id: expect.any(String), duplicate: false });
    const payment = await getPayment(ack.payment_id as string);
    expect(payment).toEqual({
      id: ack.payment_id,
      kioskId: kiosk.id,
      transactionId: 'TX-1',
      amount: '12.50',
      amountMinor: 1250,
      currency: 'USD',
      method: 'cash',
      status: 'completed',
      refundedAmount: '0.00',
      occurredAt: at,
      createdAt: expect.any(String),
    });
    const [row] = await db.query(
      `SELECT amount_minor, pg_typeof(amount_minor)::text AS t FROM payments WHERE id = $1`,
      [ack.payment_id],
    );
    expect(row).toEqual({ amount_minor: '1250', t: 'bigint' });

    const outbox = await db.query(
      `SELECT event_type, kiosk_id, payload FROM outbox WHERE payload->>'id' = $1`,
      [ack.payment_id],
    );
    expect(outbox).toEqual([{ event_type: 'payment.recorded', kiosk_id: kiosk.id, payload: payment }]);

    await eventually(async () => {
      expect(feeds[0].payments).toContainEqual(payment);
      expect(feeds[1].payments).toContainEqual(payment);
    });
    expect(feeds[2].payments).toHaveLength(0);
  });

  it('reads 0-, 2- and 3-decimal currencies exactly, from strings and JSON numbers', async () => {
    const { socket } = await kioskSocket();
    const cases: Array<[unknown, string, string, number]> = [
      ['1250', 'JPY', '1250', 1250],
      [1250, 'JPY', '1250', 1250],
      ['1.250', 'KWD', '1.250', 1250],
      [1.005, 'KWD', '1.005', 1005],
      [19.99, 'EUR', '19.99', 1999],
      [0.1, 'usd', '0.10', 10],
      ['1000000.00', 'USD', '1000000.00', 100_000_000],
    ];
    for (const [amount, currency, text, minor] of cases) {
      const ack = await pay(socket, sale({ amount, currency }));
      expect(ack.ok).toBe(true);
      const p = await getPayment(ack.payment_id as string);
      expect({ amount: p.amount, amountMinor: p.amountMinor, currency: p.currency }).toEqual({
        amount: text,
        amountMinor: minor,
        currency: currency.toUpperCase(),
      });
    }
  });

  it('refuses rounding attempts, zero, negatives, exponents, absurd amounts and unknown currencies, storing nothing', async () => {
    const { kiosk, socket } = await kioskSocket();
    const refused: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ amount: '12.505' }, 'amount', /more than 2 decimal places/],
      [{ amount: '12.500' }, 'amount', /more than 2 decimal places/],
      [{ amount: 0.1 + 0.2 }, 'amount', /more than 2 decimal places/],
      [{ amount: '1250.5', currency: 'JPY' }, 'amount', /whole number/],
      [{ amount: 1250.5, currency: 'JPY' }, 'amount', /whole number/],
      [{ amount: '1.2345', currency: 'KWD' }, 'amount', /more than 3 decimal places/],
      [{ amount: '0' }, 'amount', /greater than zero/],
      [{ amount: '-1.00' }, 'amount', /positive/],
      [{ amount: -5 }, 'amount', /positive/],
      [{ amount: 1e-7 }, 'amount', /exponent/],
      [{ amount: '1e3' }, 'amount', /plain decimal/],
      [{ amount: '1000000.01' }, 'amount', /largest accepted amount/],
      [{ currency: 'XYZ' }, 'currency', /ISO 4217/],
      [{ currency: 'US' }, 'currency', /pattern/],
      [{ amount: null }, 'amount', /.+/],
      [{ method: 'cheque' }, 'method', /one of/],
      [{ status: 'refunded' }, 'status', /one of/],
      [{ timestamp: 'yesterday' }, 'timestamp', /ISO 8601/],
      [{ customer_email: 'not-an-email' }, 'customer_email', /pattern/],
    ];
    for (const [overrides, field, message] of refused) {
      const ack = await pay(socket, sale(overrides));
      expect(ack.ok).toBe(false);
      expect(ack.error?.code).toBe('invalid_payload');
      expect(ack.error?.details).toContainEqual({ field, message: expect.stringMatching(message) });
    }
    expect(await countOf(kiosk.id)).toBe(0);
    expect(socket.connected).toBe(true);
  });

  it('answers not_joined before kiosk_join, and a serial that is not the socket’s own', async () => {
    const k = await registerKiosk(t);
    const socket = await connectKiosk(t, k);
    sockets.push(socket);
    expect((await pay(socket, sale())).error?.code).toBe('not_joined');
    await emitWithAck(socket, 'kiosk_join', {});
    expect((await pay(socket, sale({ serial: 'SOMEONE-ELSE' }))).error?.code).toBe('serial_mismatch');
    expect(await countOf(k.id)).toBe(0);
  });

  it('makes exactly one payment of 1,000 concurrent duplicates (25 sockets of the kiosk × 40)', async () => {
    const kiosk = await registerKiosk(t);
    const many = await Promise.all(Array.from({ length: 25 }, () => joinedKiosk(t, kiosk)));
    sockets.push(...many);
    const payload = sale({ transaction_id: 'TX-RACE', amount: '7.77' });
    const acks = await Promise.all(
      many.flatMap((s) =>
        Array.from({ length: 40 }, () => emitWithAck<PaymentAck>(s, 'kiosk_payment', payload, 30_000)),
      ),
    );
    expect(acks).toHaveLength(1000);
    expect(acks.every((a) => a.ok)).toBe(true);
    expect(new Set(acks.map((a) => a.payment_id)).size).toBe(1);
    expect(acks.filter((a) => a.duplicate === false)).toHaveLength(1);
    expect(await countOf(kiosk.id)).toBe(1);
    const events = await db.query(`SELECT count(*) AS n FROM outbox WHERE payload->>'id' = $1`, [
      acks[0].payment_id,
    ]);
    expect(Number(events[0].n)).toBe(1);
  }, 60_000);

  it('queues one email receipt per completed payment with a customer email', async () => {
    const { socket } = await kioskSocket();
    const items = [
      { sku: 'TICKET-A', name: 'Day pass', qty: 2, unit_price: '5.00' },
      { sku: 'SNACK', qty: 1, unit_price: '2.50' },
    ];
    const payload = sale({
      transaction_id: 'TX-RCPT',
      amount: '12.50',
      customer_email: 'ana@example.com',
      items,
    });
    const ack = await pay(socket, payload);
    expect((await pay(socket, payload)).duplicate).toBe(true);
    const job = await eventually(async () => {
      const j = await queue.getJob(`receipt:${ack.payment_id}`);
      expect(j).not.toBeNull();
      return j as Bull.Job;
    });
    expect(job.name).toBe('send-email');
    expect(job.data).toEqual({
      to: ['ana@example.com'],
      subject: 'Your receipt TX-RCPT — 12.50 USD',
      text: expect.stringContaining('Total: 12.50 USD'),
      html: expect.stringContaining('Total: 12.50 USD'),
      messageId: `<receipt.${ack.payment_id}@kiosk-fleet>`,
    });
    expect(job.data.text).toContain('2 × Day pass  5.00');
    expect(job.data.text).toContain('1 × SNACK  2.50');
    const all = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
    expect(all.filter((j) => j.data.messageId === `<receipt.${ack.payment_id}@kiosk-fleet>`)).toHaveLength(1);

    const failed = await pay(socket, sale({ status: 'failed', customer_email: 'bob@example.com' }));
    const plain = await pay(socket, sale());
    await new Promise((r) => setTimeout(r, 300));
    expect(await queue.getJob(`receipt:${failed.payment_id}`)).toBeNull();
    expect(await queue.getJob(`receipt:${plain.payment_id}`)).toBeNull();
  });

  describe('POST /payments (integrators)', () => {
    let kiosk: RegisteredKiosk;
    let operator: Session & { id: string };
    const body = (overrides: Record<string, unknown> = {}) => ({
      kioskId: kiosk.id,
      transactionId: `API-${Math.random().toString(36).slice(2)}`,
      amount: '20.00',
      currency: 'EUR',
      method: 'card',
      status: 'completed',
      occurredAt: '2026-11-25T12:00:00.000Z',
      ...overrides,
    });
    const create = (b: Record<string, unknown>, auth = admin.auth, key?: string) => {
      const req = t.http().post(`${API}/payments`).set(auth);
      if (key) req.set('Idempotency-Key', key);
      return req.send(b);
    };

    beforeAll(async () => {
      kiosk = await registerKiosk(t);
      operator = await t.userWithRole(Role.Operator);
      await assign(t, kiosk, operator);
    });

    it('creates (201 + Location) for admins and the kiosk’s operator; 404 elsewhere, 403 for viewers', async () => {
      const res = await create(body({ amount: 20, customerEmail: 'eve@example.com' })).expect(201);
      expect(res.headers.location).toBe(`/api/v1/payments/${res.body.id}`);
      expect(res.body).toMatchObject({
        kioskId: kiosk.id,
        amount: '20.00',
        amountMinor: 2000,
        currency: 'EUR',
      });
      await create(body(), operator.auth).expect(201);
      const other = await registerKiosk(t);
      const notMine = await create(body({ kioskId: other.id }), operator.auth).expect(404);
      expect(notMine.body.message).toBe('Kiosk not found');
      await create(body({ kioskId: 999999 })).expect(404);
      const viewer = await t.userWithRole(Role.Viewer);
      await assign(t, other, viewer);
      await create(body({ kioskId: other.id }), viewer.auth).expect(403);
      await t.http().post(`${API}/payments`).send(body()).expect(401);
    });

    it('answers 409 for a transaction already recorded, and 400 with details for bad input', async () => {
      const b = body();
      await create(b).expect(201);
      const dup = await create({ ...b, amount: '99.00' }).expect(409);
      expect(dup.body.details).toEqual([
        { field: 'transactionId', message: expect.stringContaining('already recorded') },
      ]);
      const bad = await create(body({ amount: '12.345' })).expect(400);
      expect(bad.body.details).toEqual([
        { field: 'amount', message: expect.stringContaining('more than 2 decimal places') },
      ]);
      expect((await create(body({ extra: 1 })).expect(400)).body.details).toContainEqual({
        field: 'extra',
        message: 'unknown field',
      });
      expect((await create(body({ amount: true })).expect(400)).body.details[0].field).toBe('amount');
      expect((await create(body({ currency: 'ABC' })).expect(400)).body.details[0].field).toBe('currency');
    });

    it('replays the stored response for the same Idempotency-Key and body, 422 for another body', async () => {
      const b = body();
      const first = await create(b, admin.auth, 'key-1').expect(201);
      const again = await create(b, admin.auth, 'key-1').expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const other = await create({ ...b, amount: '21.00' }, admin.auth, 'key-1').expect(422);
      expect(other.body.message).toMatch(/different request/);
      // keys are per caller: the operator's "key-1" is another key
      await create(body(), operator.auth, 'key-1').expect(201);
      // a refusal is stored too: the same request with the same key is refused the same way
      const dup = await create(b, admin.auth, 'key-2').expect(409);
      const replayed = await create(b, admin.auth, 'key-2').expect(409);
      expect(replayed.body).toEqual({ ...dup.body, requestId: expect.any(String) });
    });

    it('runs concurrent requests with one key once: every caller gets the same payment', async () => {
      const b = body();
      const results = await Promise.all(Array.from({ length: 20 }, () => create(b, admin.auth, 'race-key')));
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      const rows = await db.query(`SELECT count(*) AS n FROM payments WHERE transaction_id = $1`, [
        b.transactionId,
      ]);
      expect(Number(rows[0].n)).toBe(1);
    });
  });
});
