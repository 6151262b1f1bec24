import type { ServerResponse } from 'node:http';
import { createKioskFleetClient, KioskFleetApiError, parseRetryAfter } from '../src';
import { SeenRequest, sendJson, startTinyServer, TinyServer } from './tiny-server';

describe('SDK errors: KioskFleetApiError carries the contract error shape', () => {
  let server: TinyServer;
  const handlers = new Map<string, (req: SeenRequest, res: ServerResponse) => void>();
  beforeAll(async () => {
    server = await startTinyServer((req, res) => {
      const h = handlers.get(`${req.method} ${req.path}`);
      if (h) return h(req, res);
      sendJson(res, 404, {
        statusCode: 404,
        error: 'Not Found',
        message: 'Kiosk not found',
        requestId: 'r-404',
      });
    });
  });
  afterAll(() => server.close());
  const client = () => createKioskFleetClient({ baseUrl: server.baseUrl, auth: { apiKey: 'k' } });

  it('a 400 keeps statusCode, error, message, details and requestId, and serialises back to the same shape', async () => {
    const body = {
      statusCode: 400,
      error: 'Bad Request',
      message: 'Validation failed',
      details: [{ field: 'serial', message: 'must be 1-64 characters' }],
      requestId: '6f1c1b1e-3d4c-4a8a-9d0e-2a7b8c9d0e1f',
    };
    handlers.set('POST /api/v1/kiosks', (_req, res) => sendJson(res, 400, body));
    const err = await client()
      .POST('/api/v1/kiosks', { body: { serial: '', name: 'x', location: { lat: 0, lng: 0 } } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KioskFleetApiError);
    expect(err).toBeInstanceOf(Error);
    const e = err as KioskFleetApiError;
    expect(e).toMatchObject({
      ...body,
      retryAfterSec: undefined,
      method: 'POST',
      name: 'KioskFleetApiError',
    });
    expect(e.url).toBe(`${server.baseUrl}/api/v1/kiosks`);
    expect(e.toJSON()).toEqual(body);
  });

  it('a 429 carries retryAfterSec from Retry-After (seconds)', async () => {
    handlers.set('GET /api/v1/alerts', (_req, res) =>
      sendJson(
        res,
        429,
        { statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded' },
        { 'Retry-After': '17', 'RateLimit-Remaining': '0' },
      ),
    );
    const err = await client()
      .GET('/api/v1/alerts')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 429, error: 'Too Many Requests', retryAfterSec: 17 });
  });

  it('Retry-After as an HTTP date becomes the seconds until then; garbage is ignored', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(parseRetryAfter('Tue, 01 Dec 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Tue, 01 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('a body that is not the contract shape (a proxy’s 502 page) still gives statusCode, error and message', async () => {
    handlers.set('GET /api/v1/auth/me', (_req, res) => {
      res.writeHead(502, 'Bad Gateway', { 'Content-Type': 'text/html', 'X-Request-Id': 'edge-1' });
      res.end('<html>upstream down</html>');
    });
    const err = await client()
      .GET('/api/v1/auth/me')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      statusCode: 502,
      error: 'Bad Gateway',
      message: '<html>upstream down</html>',
      details: undefined,
      requestId: 'edge-1',
    });
  });

  it('a 404 for a path parameter names the request that failed', async () => {
    const err = await client()
      .GET('/api/v1/kiosks/{id}', { params: { path: { id: 999 } } })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      statusCode: 404,
      message: 'Kiosk not found',
      requestId: 'r-404',
      method: 'GET',
    });
    expect((err as KioskFleetApiError).url).toBe(`${server.baseUrl}/api/v1/kiosks/999`);
  });
});

describe('SDK pagination: paginate follows nextCursor', () => {
  let server: TinyServer;
  let alerts: Array<{ id: string; severity: string }>;
  let stuck = false;
  beforeAll(async () => {
    server = await startTinyServer((req, res) => {
      if (req.path !== '/api/v1/alerts') return sendJson(res, 404, {});
      const limit = Number(req.query.get('limit') ?? 50);
      const start = Number(req.query.get('cursor') ?? 0);
      const matching = alerts.filter(
        (a) => !req.query.get('severity') || a.severity === req.query.get('severity'),
      );
      const items = matching.slice(start, start + limit);
      const next = start + limit < matching.length ? String(start + limit) : null;
      sendJson(res, 200, { items, nextCursor: stuck ? (req.query.get('cursor') ?? '0') : next });
    });
  });
  afterAll(() => server.close());

  it('yields every item across pages, keeps the filters on each page and stops at nextCursor null', async () => {
    alerts = Array.from({ length: 7 }, (_, i) => ({ id: `a${i}`, severity: i % 2 ? 'major' : 'warning' }));
    stuck = false;
    const client = createKioskFleetClient({ baseUrl: server.baseUrl, auth: { apiKey: 'k' } });
    const ids: string[] = [];
    for await (const alert of client.paginate('/api/v1/alerts', {
      query: { limit: 2, severity: 'warning' },
    })) {
      ids.push(alert.id);
    }
    expect(ids).toEqual(['a0', 'a2', 'a4', 'a6']);
    const calls = server.seen.filter((r) => r.path === '/api/v1/alerts');
    expect(calls.map((c) => [c.query.get('cursor'), c.query.get('severity'), c.query.get('limit')])).toEqual([
      [null, 'warning', '2'],
      ['2', 'warning', '2'],
    ]);
  });

  it('pages() yields whole pages; an empty list is one empty page', async () => {
    alerts = [];
    const client = createKioskFleetClient({ baseUrl: server.baseUrl, auth: { apiKey: 'k' } });
    const pages = [];
    for await (const page of client.pages('/api/v1/alerts')) pages.push(page);
    expect(pages).toEqual([{ items: [], nextCursor: null }]);
  });

  it('stops with an error instead of looping when the server hands back the same cursor', async () => {
    alerts = Array.from({ length: 5 }, (_, i) => ({ id: `a${i}`, severity: 'warning' }));
    stuck = true;
    const client = createKioskFleetClient({ baseUrl: server.baseUrl, auth: { apiKey: 'k' } });
    const seen: string[] = [];
    const run = async () => {
      for await (const a of client.paginate('/api/v1/alerts', { query: { limit: 2 } })) seen.push(a.id);
    };
    await expect(run()).rejects.toThrow('pagination of /api/v1/alerts did not advance');
    expect(seen.length).toBeLessThanOrEqual(4);
  });
});
