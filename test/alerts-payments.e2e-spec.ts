import { Socket } from 'socket.io-client';
import { alertsOf, connectAlertFeed, createRule, disableSeededRules } from './support/alerts';
import { connectKiosk, emitWithAck, eventually, registerKiosk } from './support/kiosks';
import { startTestApp, TestApp } from './support/test-app';

/** Rate rules end to end: `kiosk_payment` on the wire → payment module → PaymentRecordedEvent → alert. */
describe('alerts on failed payments reported by kiosks', () => {
  let t: TestApp;
  let socket: Socket | undefined;

  beforeAll(async () => {
    t = await startTestApp({ env: { ENABLED_MODULES: 'kiosk,telemetry,payment,alert' } });
    await disableSeededRules(t);
  });
  afterAll(async () => {
    socket?.close();
    await t.close();
  });

  it('raises one rate alert when a kiosk reports its third failed card payment within ten minutes', async () => {
    const k = await registerKiosk(t);
    await createRule(t, {
      name: 'Card payments failing (wire)',
      scope: { kind: 'kiosk', value: k.id },
      condition: { event: 'payment_failed', method: 'card', count: 3, withinSeconds: 600 },
    });
    socket = await connectKiosk(t, k);
    await emitWithAck(socket, 'kiosk_join', {});
    const feed = await connectAlertFeed(t, await t.admin());
    const pay = (n: number, method: string, status: string) =>
      emitWithAck(socket as Socket, 'kiosk_payment', {
        transaction_id: `tx-${n}`,
        amount: '2.50',
        currency: 'USD',
        method,
        status,
        timestamp: new Date().toISOString(),
      });
    for (const [n, method, status] of [
      [1, 'card', 'failed'],
      [2, 'cash', 'failed'],
      [3, 'card', 'completed'],
      [4, 'card', 'failed'],
    ] as const) {
      expect(await pay(n, method, status)).toMatchObject({ ok: true });
    }
    await pay(4, 'card', 'failed'); // a resend is a duplicate: not counted again
    await new Promise((r) => setTimeout(r, 500));
    expect(await alertsOf(t, k.id)).toEqual([]);
    await pay(5, 'card', 'failed');
    await eventually(async () => {
      const list = await alertsOf(t, k.id);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ type: 'rate', status: 'open', occurrences: 1 });
    });
    await pay(6, 'card', 'failed');
    await eventually(async () => expect((await alertsOf(t, k.id))[0].occurrences).toBe(2));
    expect(feed.alerts.filter((e) => e.event === 'alert_raised' && e.alert.kioskId === k.id)).toHaveLength(1);
    feed.close();
  });
});
