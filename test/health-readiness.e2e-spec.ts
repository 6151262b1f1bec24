import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Readiness is PostgreSQL answering, not the shared pool having a free connection: a pool queued up
 * under a burst must not take the instance out of the load balancer's rotation.
 */
describe('readiness under a saturated pool', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_SIZE: '2' } });
  });
  afterAll(() => t.close());

  it('answers 200 at once while every pooled connection is busy and more queries wait', async () => {
    const db = t.app.get(DataSource);
    const busy = Array.from({ length: 4 }, () => db.query('SELECT pg_sleep(3)'));
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    const ready = await t.http().get('/health/ready').expect(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    await Promise.all(busy);
  });
});
