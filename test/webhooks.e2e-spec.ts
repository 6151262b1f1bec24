import { DataSource } from 'typeorm';
import { OutboxEvent, Role } from '@app/contracts';
import { writeOutbox } from '@app/database';
import { connectKiosk, emitWithAck, eventually, registerKiosk } from './support/kiosks';
import { startWebhookReceiver } from './support/notification-receivers';
import { API, startTestApp, TestApp } from './support/test-app';

const SECRET = 'receiver-secret-0123456789';

describe('webhooks: CRUD, signed deliveries from the outbox, retries, redelivery', () => {
  let t: TestApp;
  let ds: DataSource;
  const receivers: { close: () => Promise<void> }[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      withWorker: true,
      env: { WEBHOOK_RETRY_BASE_MS: '200', WEBHOOK_RETRY_HORIZON_MS: '1000', TELEMETRY_INTERVAL_SEC: '1' },
    });
    ds = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t?.close();
    for (const r of receivers) await r.close();
  });

  async function receiver(
    ...args: Parameters<typeof startWebhookReceiver> extends [string, ...infer R] ? R : never
  ) {
    const r = await startWebhookReceiver(SECRET, ...args);
    receivers.push(r);
    return r;
  }

  async function subscribe(url: string, events: string[]): Promise<string> {
    const res = await t
      .http()
      .post(`${API}/webhooks`)
      .set((await t.admin()).auth)
      .send({ url, events, secret: SECRET })
      .expect(201);
    return res.body.id as string;
  }

  const deliveries = async (webhookId: string) =>
    (
      await t
        .http()
        .get(`${API}/webhooks/${webhookId}/deliveries`)
        .set((await t.admin()).auth)
        .expect(200)
    ).body.items as Array<Record<string, unknown>>;

  const commit = (type: 'alert.raised' | 'payment.recorded', data: object, rollback = false) =>
    ds
      .transaction(async (m) => {
        // Any body will do: delivery carries whatever data the row holds.
        const event = { type, kioskId: null, occurredAt: new Date(), data } as OutboxEvent;
        const [id] = await writeOutbox(m, [event]);
        if (rollback) throw new Error('roll back');
        return id;
      })
      .catch((e: Error) => (rollback ? undefined : Promise.reject(e)));

  it('is admin-only CRUD; the secret is shown once, at creation', async () => {
    const admin = (await t.admin()).auth;
    const created = await t
      .http()
      .post(`${API}/webhooks`)
      .set(admin)
      .send({ url: 'http://127.0.0.1:9/hook', events: ['alert.raised'] })
      .expect(201);
    expect(created.headers.location).toBe(`/api/v1/webhooks/${created.body.id}`);
    expect(created.body).toMatchObject({
      url: 'http://127.0.0.1:9/hook',
      events: ['alert.raised'],
      active: true,
    });
    expect(created.body.secret).toMatch(/^whsec_/);
    const id = created.body.id as string;

    const got = await t.http().get(`${API}/webhooks/${id}`).set(admin).expect(200);
    expect(got.body).toEqual({
      id,
      url: 'http://127.0.0.1:9/hook',
      events: ['alert.raised'],
      active: true,
      createdAt: created.body.createdAt,
    });
    const listed = await t.http().get(`${API}/webhooks`).set(admin).expect(200);
    expect(listed.body.items.map((w: { id: string }) => w.id)).toContain(id);
    expect(JSON.stringify(listed.body)).not.toContain('secret');

    const patched = await t
      .http()
      .patch(`${API}/webhooks/${id}`)
      .set(admin)
      .send({ active: false, events: ['kiosk.offline', 'kiosk.online'] })
      .expect(200);
    expect(patched.body).toMatchObject({ active: false, events: ['kiosk.offline', 'kiosk.online'] });

    const operator = await t.userWithRole(Role.Operator);
    await t.http().get(`${API}/webhooks`).set(operator.auth).expect(403);
    await t
      .http()
      .post(`${API}/webhooks`)
      .set(operator.auth)
      .send({ url: 'http://x.test', events: ['alert.raised'] })
      .expect(403);

    await t.http().delete(`${API}/webhooks/${id}`).set(admin).expect(204);
    await t.http().get(`${API}/webhooks/${id}`).set(admin).expect(404);
  });

  it('refuses non-http(s) URLs, unknown event types, short secrets and unknown fields with field details', async () => {
    const admin = (await t.admin()).auth;
    const bad = async (body: object, field: string) => {
      const res = await t.http().post(`${API}/webhooks`).set(admin).send(body).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    };
    await bad({ url: 'ftp://example.com/x', events: ['alert.raised'] }, 'url');
    await bad({ url: 'file:///etc/passwd', events: ['alert.raised'] }, 'url');
    await bad({ url: 'http://example.com/x', events: ['alert.exploded'] }, 'events');
    await bad({ url: 'http://example.com/x', events: [] }, 'events');
    await bad({ url: 'http://example.com/x', events: ['alert.raised'], secret: 'short' }, 'secret');
    await bad({ url: 'http://example.com/x', events: ['alert.raised'], extra: 1 }, 'extra');
  });

  it('delivers a committed outbox event once, signed, with the event id as X-Webhook-Id', async () => {
    const r = await receiver();
    const hook = await subscribe(r.url, ['alert.raised']);
    const data = { id: 'a-1', severity: 'major', title: 'Printer jam', kioskId: null };
    const eventId = await commit('alert.raised', data);
    const [got] = await eventually(async () => {
      expect(r.received).toHaveLength(1);
      return r.received;
    });
    expect(got.signatureValid).toBe(true);
    expect(got.headers['x-webhook-id']).toBe(eventId);
    expect(Math.abs(Number(got.headers['x-webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    expect(got.headers['x-webhook-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(got.body).toEqual({ id: eventId, type: 'alert.raised', occurredAt: expect.any(String), data });
    await eventually(async () =>
      expect(await deliveries(hook)).toEqual([
        expect.objectContaining({
          eventId,
          eventType: 'alert.raised',
          status: 'delivered',
          attempts: 1,
          lastStatusCode: 200,
          lastLatencyMs: expect.any(Number),
          nextAttemptAt: null,
        }),
      ]),
    );
  });

  it('sends nothing for a rolled-back transaction, and only subscribed types', async () => {
    const r = await receiver();
    await subscribe(r.url, ['alert.raised']);
    await commit('alert.raised', { id: 'never' }, true);
    await commit('payment.recorded', { id: 'not-subscribed' });
    const sentinel = await commit('alert.raised', { id: 'sentinel' });
    await eventually(async () => expect(r.received.map((x) => x.body.id)).toContain(sentinel));
    await new Promise((res) => setTimeout(res, 500));
    expect(r.received.map((x) => x.body.data.id)).toEqual(['sentinel']);
  });

  it('retries a receiver answering 500, then counts one delivery once it answers 200', async () => {
    const r = await receiver((_req, n) => (n === 1 ? 500 : 200));
    const hook = await subscribe(r.url, ['alert.raised']);
    const eventId = await commit('alert.raised', { id: 'flaky' });
    await eventually(async () => expect(r.received).toHaveLength(2));
    expect(r.received.map((x) => x.headers['x-webhook-id'])).toEqual([eventId, eventId]);
    expect(r.received[1].receivedAt - r.received[0].receivedAt).toBeGreaterThanOrEqual(150);
    expect(r.received.every((x) => x.signatureValid)).toBe(true);
    await eventually(async () =>
      expect(await deliveries(hook)).toEqual([
        expect.objectContaining({ status: 'delivered', attempts: 2, lastStatusCode: 200 }),
      ]),
    );
    await new Promise((res) => setTimeout(res, 800));
    expect(r.received).toHaveLength(2);
  });

  it('gives up after the retry horizon (dead), and redelivers on request', async () => {
    const r = await receiver(() => 503);
    const hook = await subscribe(r.url, ['alert.raised']);
    await commit('alert.raised', { id: 'down' });
    // base 200 ms, horizon 1 s: attempts at ~0, 0.2, 0.6, 1.4 s, then dead
    const [dead] = await eventually(async () => {
      const list = await deliveries(hook);
      expect(list[0]).toMatchObject({
        status: 'dead',
        attempts: 4,
        lastStatusCode: 503,
        nextAttemptAt: null,
      });
      return list;
    }, 15_000);
    expect(r.received).toHaveLength(4);

    r.setBehaviour(() => 204);
    const admin = (await t.admin()).auth;
    const res = await t
      .http()
      .post(`${API}/webhooks/${hook}/deliveries/${String(dead.id)}/redeliver`)
      .set(admin)
      .expect(202);
    expect(res.body).toMatchObject({ id: dead.id, status: 'pending' });
    await eventually(async () =>
      expect((await deliveries(hook))[0]).toMatchObject({
        status: 'delivered',
        attempts: 5,
        lastStatusCode: 204,
      }),
    );
    expect(r.received).toHaveLength(5);
    expect(new Set(r.received.map((x) => x.headers['x-webhook-id'])).size).toBe(1);
    await t.http().post(`${API}/webhooks/${hook}/deliveries/${hook}/redeliver`).set(admin).expect(404);
  });

  it('sends a signed test event on request', async () => {
    const r = await receiver();
    const hook = await subscribe(r.url, ['payment.refunded']);
    const res = await t
      .http()
      .post(`${API}/webhooks/${hook}/test`)
      .set((await t.admin()).auth)
      .expect(202);
    expect(res.body).toMatchObject({ eventType: 'webhook.test', status: 'pending', attempts: 0 });
    await eventually(async () => expect(r.received).toHaveLength(1));
    expect(r.received[0].signatureValid).toBe(true);
    expect(r.received[0].body).toMatchObject({ type: 'webhook.test', data: { webhookId: hook } });

    const admin = (await t.admin()).auth;
    for (let i = 0; i < 2; i++) await t.http().post(`${API}/webhooks/${hook}/test`).set(admin).expect(202);
    await eventually(async () => expect(r.received).toHaveLength(3));
    const list = (q: string) =>
      t.http().get(`${API}/webhooks/${hook}/deliveries?${q}`).set(admin).expect(200);
    const first = await list('limit=2&status=delivered');
    expect(first.body.items).toHaveLength(2);
    const second = await list(`limit=2&status=delivered&cursor=${first.body.nextCursor as string}`);
    expect(second.body).toMatchObject({
      items: [expect.objectContaining({ status: 'delivered' })],
      nextCursor: null,
    });
    expect((await list('status=dead')).body.items).toEqual([]);
    await t.http().get(`${API}/webhooks/${hook}/deliveries?status=lost`).set(admin).expect(400);

    await t.http().patch(`${API}/webhooks/${hook}`).set(admin).send({ active: false }).expect(200);
    await t.http().post(`${API}/webhooks/${hook}/test`).set(admin).expect(422);
  });

  it('announces command updates and kiosks going offline / coming back', async () => {
    const r = await receiver();
    await subscribe(r.url, ['command.updated', 'kiosk.offline', 'kiosk.online']);
    const k = await registerKiosk(t);
    const socket = await connectKiosk(t, k);
    await emitWithAck(socket, 'kiosk_join', {});
    await eventually(async () => expect(r.received.map((x) => x.body.type)).toContain('kiosk.online'));
    await t
      .http()
      .post(`${API}/kiosks/${k.id}/commands`)
      .set((await t.admin()).auth)
      .send({ command: 'restart' })
      .expect(202);
    await eventually(async () =>
      expect(
        r.received.filter((x) => x.body.type === 'command.updated').map((x) => x.body.data.status),
      ).toEqual(expect.arrayContaining(['pending', 'sent'])),
    );
    socket.close();
    await eventually(async () => expect(r.received.map((x) => x.body.type)).toContain('kiosk.offline'));
    const online = r.received.find((x) => x.body.type === 'kiosk.online')!;
    expect(online.body.data).toMatchObject({ kioskId: k.id, serial: k.serial, status: 'online' });
    const offline = r.received.find((x) => x.body.type === 'kiosk.offline')!;
    expect(offline.body.data).toMatchObject({ kioskId: k.id, status: 'offline', connected: false });
    const command = r.received.find((x) => x.body.type === 'command.updated')!;
    expect(command.body.data).toMatchObject({ kioskId: k.id, command: 'restart' });
    expect(r.received.every((x) => x.signatureValid)).toBe(true);
  });

  it('mounts Bull Board for admins only: bearer token, or the cookie an admin session endpoint sets', async () => {
    const board = `${API}/admin/queues`;
    await t.http().get(board).expect(401);
    await t.http().get(board).set('Cookie', 'queue_board_token=forged').expect(401);
    const operator = await t.userWithRole(Role.Operator);
    await t.http().get(board).set(operator.auth).expect(403);
    await t.http().post(`${API}/admin/queue-board/session`).set(operator.auth).expect(403);

    const admin = (await t.admin()).auth;
    const page = await t.http().get(board).set(admin).expect(200);
    expect(page.text).toContain('<html');

    const session = await t.http().post(`${API}/admin/queue-board/session`).set(admin).expect(204);
    const cookie = String(session.headers['set-cookie']);
    expect(cookie).toMatch(/^queue_board_token=[^;]+;/);
    expect(cookie).toContain('Path=/api/v1/admin/queues');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const queues = await t.http().get(`${board}/api/queues`).set('Cookie', cookie.split(';')[0]).expect(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name)).toEqual(
      expect.arrayContaining(['notifications', 'commands']),
    );
  });

  it('exposes delivery counters and queue depth on /metrics', async () => {
    const text = (await t.http().get('/metrics').expect(200)).text;
    expect(text).toMatch(/webhook_delivery_attempts_total\{outcome="delivered"\} [1-9]/);
    expect(text).toMatch(/webhook_delivery_attempts_total\{outcome="dead"\} [1-9]/);
    expect(text).toMatch(/queue_jobs\{queue="notifications",state="waiting"\} \d+/);
    expect(text).toMatch(/queue_jobs\{queue="notifications",state="failed"\} \d+/);
  });
});
