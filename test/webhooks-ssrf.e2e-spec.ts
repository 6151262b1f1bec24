import { DataSource } from 'typeorm';
import { eventually } from './support/kiosks';
import { startWebhookReceiver } from './support/notification-receivers';
import { API, startTestApp, TestApp } from './support/test-app';

describe('webhook SSRF protection in production', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      withWorker: true,
      env: { NODE_ENV: 'production', WEBHOOK_RETRY_BASE_MS: '60000' },
    });
  });
  afterAll(async () => t?.close());

  it('refuses loopback, private and link-local targets when the webhook is saved', async () => {
    const admin = (await t.admin()).auth;
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://[::1]/hook',
      'http://10.1.2.3/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:192.168.0.1]/hook',
    ]) {
      const res = await t
        .http()
        .post(`${API}/webhooks`)
        .set(admin)
        .send({ url, events: ['alert.raised'] })
        .expect(400);
      expect(res.body.details).toEqual([
        { field: 'url', message: expect.stringMatching(/private or loopback/) },
      ]);
    }
    const publicHook = await t
      .http()
      .post(`${API}/webhooks`)
      .set(admin)
      .send({ url: 'http://93.184.216.34/hook', events: ['alert.raised'] });
    expect(publicHook.status).toBe(201);
    await t
      .http()
      .patch(`${API}/webhooks/${publicHook.body.id}`)
      .set(admin)
      .send({ url: 'http://127.0.0.1/hook' })
      .expect(400);
  });

  it('refuses at delivery time too, when a saved target now points inside (e.g. DNS changed)', async () => {
    const r = await startWebhookReceiver('ssrf-secret-0123456789');
    try {
      // Saved behind the validator's back, as a name that later resolves inside would be.
      const [hook] = (await t.app
        .get(DataSource)
        .query(
          `INSERT INTO webhooks (url, events, secret) VALUES ($1, '{alert.raised}', 'ssrf-secret-0123456789') RETURNING id`,
          [r.url],
        )) as { id: string }[];
      await t
        .http()
        .post(`${API}/webhooks/${hook.id}/test`)
        .set((await t.admin()).auth)
        .expect(202);
      const [delivery] = await eventually(async () => {
        const list = (
          await t
            .http()
            .get(`${API}/webhooks/${hook.id}/deliveries`)
            .set((await t.admin()).auth)
            .expect(200)
        ).body.items as Array<Record<string, unknown>>;
        expect(list[0]).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: null });
        return list;
      });
      expect(delivery.lastError).toMatch(/^refused: private address 127\.0\.0\.1/);
      expect(r.received).toHaveLength(0);
    } finally {
      await r.close();
    }
  });
});
