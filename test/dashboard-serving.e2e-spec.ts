import { Logger } from '@nestjs/common';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { API, startTestApp, TestApp } from './support/test-app';

/**
 * The API serves the built dashboard at / (CONTRACT §8) without taking any path of its own. A build
 * laid out like Vite's (index.html, hashed assets/, a top-level public file) stands in for
 * dist/dashboard, so the test does not depend on a dashboard build having run. The dashboard's files
 * are not REST operations, so they are fetched with plain supertest (`page()`); everything the REST
 * document describes goes through the validated client (`t.http()`).
 */
const INDEX =
  '<!doctype html><html><head><script src="/dashboard-config.js"></script></head>' +
  '<body><div id="root"></div><script type="module" src="/assets/index-Abc123.js"></script></body></html>';
const ASSET = 'console.log("dashboard");';

function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'index-Abc123.js'), ASSET);
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

describe('the dashboard served at /', () => {
  let t: TestApp;
  let dist: string;
  const page = () => request(t.app.getHttpServer());
  beforeAll(async () => {
    dist = fakeBuild();
    t = await startTestApp({
      env: { DASHBOARD_DIST_DIR: dist, DASHBOARD_TILE_URL: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png' },
    });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers / with the page, revalidated on every visit, under a CSP that admits the map tiles', async () => {
    const res = await page().get('/').set('Accept', 'text/html').expect(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toBe(INDEX);
    expect(res.headers['cache-control']).toBe('no-cache');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data: blob: https://*.tiles.example.org");
  });

  it('answers client routes with the same page, so a deep link or a reload works', async () => {
    for (const path of ['/kiosks/5', '/alerts', '/admin/users', '/payments?from=2026-12-01']) {
      const res = await page()
        .get(path)
        .set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8')
        .expect(200);
      expect(res.text).toBe(INDEX);
    }
  });

  it('answers an unknown path asked for by a script (not a browser page load) with the JSON 404', async () => {
    const res = await t.http().get('/kiosks/5').set('Accept', '*/*').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('serves hashed assets with a year of immutable cache, and a missing asset as a 404, not the page', async () => {
    const res = await page().get('/assets/index-Abc123.js').expect(200);
    expect(res.text).toBe(ASSET);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await t.http().get('/assets/index-Gone99.js').set('Accept', '*/*').expect(404);
    expect(missing.text).not.toContain('<div id="root">');
    const icon = await page().get('/favicon.svg').expect(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('hands the page its runtime settings as a script', async () => {
    const res = await page().get('/dashboard-config.js').expect(200);
    expect(res.headers['content-type']).toContain('application/javascript');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.text).toBe(
      'window.__CONFIG__ = {"tileUrl":"https://{s}.tiles.example.org/{z}/{x}/{y}.png",' +
        '"tileAttribution":"&copy; OpenStreetMap contributors"};\n',
    );
  });

  it('keeps REST 404s as the API error shape, even for a browser asking for HTML', async () => {
    const res = await t.http().get(`${API}/no-such-route`).set('Accept', 'text/html').expect(404);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    const authed = await t.http().get(`${API}/kiosks`).set('Accept', 'text/html').expect(401);
    expect(authed.body).toMatchObject({ statusCode: 401 });
  });

  it('leaves health, metrics, Swagger and its JSON where they were', async () => {
    const live = await t.http().get('/health/live').set('Accept', 'text/html').expect(200);
    expect(live.headers['content-type']).toContain('application/json');
    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toContain('# HELP');
    const docs = await t.http().get('/docs').expect(200);
    expect(docs.text).toContain('swagger-ui');
    const spec = await t.http().get('/docs-json').expect(200);
    expect(spec.body).toHaveProperty('openapi');
  });

  it('does not answer Socket.IO paths or non-GET requests with the page', async () => {
    const polling = await page().get('/socket.io/?EIO=4&transport=polling').set('Accept', 'text/html');
    expect(polling.text).not.toContain('<div id="root">');
    const post = await t.http().post('/kiosks/5').set('Accept', 'text/html').send({});
    expect(post.status).toBe(404);
    expect(post.text).not.toContain('<div id="root">');
  });
});

describe('the API without a dashboard build', () => {
  let t: TestApp;
  const warnings: string[] = [];
  beforeAll(async () => {
    const spy = jest.spyOn(Logger.prototype, 'warn').mockImplementation(function (
      this: Logger,
      message: unknown,
    ) {
      warnings.push(String(message));
    });
    try {
      t = await startTestApp({ env: { DASHBOARD_DIST_DIR: join(tmpdir(), 'no-dashboard-build-here') } });
    } finally {
      spy.mockRestore();
    }
  });
  afterAll(() => t.close());

  it('starts, warns once that the dashboard is not built, and still serves the API', async () => {
    const dashboardWarnings = warnings.filter((w) => w.includes('Dashboard not built'));
    expect(dashboardWarnings).toHaveLength(1);
    expect(dashboardWarnings[0]).toContain('npm run build');
    await t.http().get('/health/live').expect(200);
    const root = await t.http().get('/').set('Accept', 'text/html').expect(404);
    expect(root.body).toMatchObject({ statusCode: 404 });
  });
});
