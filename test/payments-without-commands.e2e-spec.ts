import { joinedKiosk, registerKiosk } from './support/kiosks';
import { pay, sale } from './support/payments';
import { API, startTestApp, TestApp } from './support/test-app';

/** The payment module stands without the command module: only refunds through the kiosk need it. */
describe('payments on a server without remote commands (ENABLED_MODULES without command)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ENABLED_MODULES: 'kiosk,telemetry,payment' } });
  });
  afterAll(() => t.close());

  it('records payments and cash refunds, and refuses card refunds (422) without leaving them pending', async () => {
    const k = await registerKiosk(t);
    const s = await joinedKiosk(t, k);
    const card = (await pay(s, sale({ amount: '2.00', method: 'card' }))).payment_id as string;
    const cash = (await pay(s, sale({ amount: '2.00', method: 'cash' }))).payment_id as string;
    s.close();
    const auth = (await t.admin()).auth;
    const res = await t
      .http()
      .post(`${API}/payments/${card}/refund`)
      .set(auth)
      .send({ reason: 'x' })
      .expect(422);
    expect(res.body.message).toMatch(/remote commands are off/);
    expect((await t.http().get(`${API}/payments/${card}`).set(auth).expect(200)).body.status).toBe(
      'completed',
    );
    const refunded = await t
      .http()
      .post(`${API}/payments/${cash}/refund`)
      .set(auth)
      .send({ reason: 'x' })
      .expect(200);
    expect(refunded.body).toMatchObject({ status: 'refunded', refundedAmount: '2.00' });
  });
});
