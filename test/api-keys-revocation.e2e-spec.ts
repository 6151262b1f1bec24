import { API, startTestApp, TestApp } from './support/test-app';
import { issueApiKey } from './support/api-keys';
import { registerKiosk } from './support/kiosks';

/**
 * Revocation is immediate across instances (CONTRACT §8): no instance caches a key's lookup, so a
 * key revoked through one instance is refused by the next request on any other sharing the
 * database. Its own file: passport keeps one strategy per name per process, so two apps in one
 * process share the last-registered strategy (production runs one app per process).
 */
describe('API key revocation across instances', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await startTestApp({ keepRedis: true });
    b = await startTestApp({
      databaseUrl: a.databaseUrl,
      keepRedis: true,
      env: { REDIS_KEY_PREFIX: a.config.redis.keyPrefix },
    });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('refuses a key on both instances with the next request after it was revoked on one of them', async () => {
    const kiosk = await registerKiosk(a, { tags: ['depot'] });
    const key = await issueApiKey(a, { role: 'operator', tags: ['depot'] });
    // Used on both: had either kept a positive lookup in memory, it would answer from it below.
    for (const app of [a, b]) {
      for (let i = 0; i < 3; i++) await app.http().get(`${API}/kiosks/${kiosk.id}`).set(key.auth).expect(200);
    }

    await b
      .http()
      .delete(`${API}/api-keys/${key.id}`)
      .set((await b.admin()).auth)
      .expect(204);

    for (const app of [a, b]) {
      const res = await app.http().get(`${API}/kiosks/${kiosk.id}`).set(key.auth).expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: 'API key revoked' });
      await app
        .http()
        .post(`${API}/kiosks/${kiosk.id}/commands`)
        .set(key.auth)
        .send({ command: 'restart' })
        .expect(401);
    }
    await a
      .http()
      .get(`${API}/api-keys/${key.id}`)
      .set((await a.admin()).auth)
      .expect(404);
  });

  it('lets a key issued on one instance work on the other at once', async () => {
    const kiosk = await registerKiosk(b, { tags: ['yard'] });
    const key = await issueApiKey(b, { role: 'viewer', tags: ['yard'] });
    const res = await a.http().get(`${API}/kiosks?limit=200`).set(key.auth).expect(200);
    expect((res.body.items as Array<{ id: number }>).map((k) => k.id)).toEqual([kiosk.id]);
  });
});
