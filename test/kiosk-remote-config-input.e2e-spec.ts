import { Role } from '@app/contracts';
import { issueApiKey } from './support/api-keys';
import { configRoutes, tagName } from './support/kiosk-configs';
import { registerKiosk, RegisteredKiosk } from './support/kiosks';
import { API, startTestApp, TestApp } from './support/test-app';

/**
 * Remote configuration (CONTRACT §8): who may read and set settings, and what the routes refuse,
 * in the API's error shape (400 shape, encoding and tags; 413 size; 422 merged size and the raw
 * command route), next to the happy path at each limit.
 */
describe('remote configuration: roles and hostile input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const api = () => configRoutes(t);
  const admin = () => api().admin();
  const putTag = (tag: string, settings: unknown, status = 200) => api().putTag(tag, settings, status);
  const putKiosk = (id: number, settings: unknown, status = 200) => api().putKiosk(id, settings, status);
  const getConfig = (id: number) => api().getConfig(id);

  describe('roles', () => {
    it('admins set both; operators their commandable kiosks; viewers read; keys by role and tags', async () => {
      const tag = tagName('cfg-roles');
      const [mine, other, tagged] = [
        await registerKiosk(t),
        await registerKiosk(t),
        await registerKiosk(t, { tags: [tag] }),
      ];
      const operator = await t.userWithRole(Role.Operator);
      const viewer = await t.userWithRole(Role.Viewer);
      const adminAuth = await admin();
      await t
        .http()
        .post(`${API}/kiosks/assign`)
        .set(adminAuth)
        .send({ code: mine.code, userId: operator.id })
        .expect(200);
      const body = { settings: { a: 1 } };

      await t.http().put(`${API}/kiosks/${mine.id}/config`).set(operator.auth).send(body).expect(200);
      await t.http().put(`${API}/kiosks/${other.id}/config`).set(operator.auth).send(body).expect(404);
      await t.http().put(`${API}/kiosk-configs/tags/${tag}`).set(operator.auth).send(body).expect(403);
      await t.http().get(`${API}/kiosk-configs/tags/${tag}`).set(operator.auth).expect(403);

      await t
        .http()
        .post(`${API}/kiosks/assign`)
        .set(adminAuth)
        .send({ code: other.code, userId: viewer.id })
        .expect(200);
      const seen = await t.http().get(`${API}/kiosks/${other.id}/config`).set(viewer.auth).expect(200);
      expect(seen.body).toMatchObject({ kioskId: other.id, desiredVersion: 0 });
      await t.http().put(`${API}/kiosks/${other.id}/config`).set(viewer.auth).send(body).expect(403);
      await t.http().get(`${API}/kiosks/${mine.id}/config`).set(viewer.auth).expect(404);

      const opKey = await issueApiKey(t, { role: 'operator', tags: [tag] });
      await t.http().put(`${API}/kiosks/${tagged.id}/config`).set(opKey.auth).send(body).expect(200);
      await t.http().put(`${API}/kiosks/${mine.id}/config`).set(opKey.auth).send(body).expect(404);
      await t.http().put(`${API}/kiosk-configs/tags/${tag}`).set(opKey.auth).send(body).expect(403);
      const viewKey = await issueApiKey(t, { role: 'viewer', tags: [tag] });
      await t.http().get(`${API}/kiosks/${tagged.id}/config`).set(viewKey.auth).expect(200);
      await t.http().put(`${API}/kiosks/${tagged.id}/config`).set(viewKey.auth).send(body).expect(403);

      await t.http().put(`${API}/kiosks/${mine.id}/config`).send(body).expect(401);
      await t.http().put(`${API}/kiosk-configs/tags/${tag}`).set(adminAuth).send(body).expect(200);
      const read = await t.http().get(`${API}/kiosk-configs/tags/${tag}`).set(adminAuth).expect(200);
      expect(read.body).toMatchObject({ tag, settings: { a: 1 } });
      await t
        .http()
        .get(`${API}/kiosk-configs/tags/${tagName('none')}`)
        .set(adminAuth)
        .expect(404);
    });
  });

  describe('hostile input', () => {
    let k: RegisteredKiosk;
    beforeAll(async () => {
      k = await registerKiosk(t);
    });
    const send = async (path: string, raw: string) =>
      t
        .http()
        .put(`${API}${path}`)
        .set(await admin())
        .set('Content-Type', 'application/json')
        .send(raw);
    const expectError = (res: { status: number; body: Record<string, unknown> }, status: number) => {
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ statusCode: status, message: expect.any(String) });
      expect(Array.isArray(res.body.details)).toBe(true);
    };
    /** Settings of exactly `bytes` bytes as compact JSON. */
    const sized = (bytes: number) => ({ blob: 'x'.repeat(bytes - '{"blob":""}'.length) });
    const nested = (levels: number): Record<string, unknown> => {
      let v: Record<string, unknown> = {};
      for (let i = 1; i < levels; i++) v = { n: v };
      return v;
    };

    it('takes settings of exactly 8192 bytes and refuses 8193 with 413', async () => {
      expect(Buffer.byteLength(JSON.stringify(sized(8192)))).toBe(8192);
      await putKiosk(k.id, sized(8192));
      const res = await send(`/kiosks/${k.id}/config`, JSON.stringify({ settings: sized(8193) }));
      expectError(res, 413);
      expect(res.body.details).toEqual([
        { field: 'settings', message: expect.stringContaining('8193 bytes') },
      ]);
      // Multi-byte characters count as bytes, not characters.
      expectError(
        await send(`/kiosks/${k.id}/config`, JSON.stringify({ settings: { s: 'é'.repeat(4100) } })),
        413,
      );
      expectError(
        await send(`/kiosk-configs/tags/${tagName('big')}`, JSON.stringify({ settings: sized(9000) })),
        413,
      );
      // A body over the server's whole-body limit is refused before parsing, also 413.
      expectError(await send(`/kiosks/${k.id}/config`, JSON.stringify({ settings: sized(2_000_000) })), 413);
    });

    it('refuses settings nested deeper than 8 levels (400), takes 8', async () => {
      await putKiosk(k.id, nested(8));
      const res = await send(`/kiosks/${k.id}/config`, JSON.stringify({ settings: nested(9) }));
      expectError(res, 400);
      expect(JSON.stringify(res.body.details)).toContain('deeper than 8');
      expectError(
        await send(`/kiosks/${k.id}/config`, JSON.stringify({ settings: { a: [[[[[[[[1]]]]]]]] } })),
        400,
      );
      // Far deeper than anything: refused by the body guard before any code walks it.
      expectError(
        await send(`/kiosks/${k.id}/config`, `{"settings":${'['.repeat(5000)}${']'.repeat(5000)}}`),
        400,
      );
    });

    it('refuses settings that are not a JSON object, and unknown fields (400)', async () => {
      for (const raw of [
        '{"settings":[1,2]}',
        '{"settings":"x"}',
        '{"settings":5}',
        '{"settings":null}',
        '{"settings":true}',
        '{}',
        '{"settings":{},"version":3}',
        '[{"settings":{}}]',
        '{"settings":{"a":1}',
      ]) {
        expectError(await send(`/kiosks/${k.id}/config`, raw), 400);
        expectError(await send(`/kiosk-configs/tags/${tagName('t')}`, raw), 400);
      }
    });

    it('refuses \\u0000 and lone surrogates in values and keys (400)', async () => {
      for (const raw of [
        '{"settings":{"a":"x\\u0000y"}}',
        '{"settings":{"a\\u0000":1}}',
        '{"settings":{"a":"\\ud800"}}',
        '{"settings":{"\\udc00":1}}',
        '{"settings":{"a":["ok","\\ud83d"]}}',
      ]) {
        expectError(await send(`/kiosks/${k.id}/config`, raw), 400);
      }
      // A proper surrogate pair is fine.
      expect((await send(`/kiosks/${k.id}/config`, '{"settings":{"emoji":"\\ud83d\\ude00"}}')).status).toBe(
        200,
      );
      expect((await getConfig(k.id)).ownSettings).toEqual({ emoji: '😀' });
    });

    it('refuses bad tags and kiosk ids (400), and configure on the raw command route (422)', async () => {
      const body = JSON.stringify({ settings: { a: 1 } });
      for (const tag of ['bad tag', 'x'.repeat(41), 'émoji', '%00', 'a;b', "a'b"]) {
        const res = await send(`/kiosk-configs/tags/${encodeURIComponent(tag)}`, body);
        expect(res.status).toBe(400);
      }
      expectError(await send(`/kiosks/abc/config`, body), 400);
      expectError(await send(`/kiosks/-1/config`, body), 400);
      // Beyond any kiosk id: it cannot exist.
      expectError(await send(`/kiosks/99999999999/config`, body), 404);
      expectError(await send(`/kiosks/2147483000/config`, body), 404);
      for (const bad of ['yes', '1', 'TRUE', '', 'true&configDrift=false'])
        expectError(
          await t
            .http()
            .get(`${API}/kiosks?configDrift=${bad}`)
            .set(await admin()),
          400,
        );
      const raw = await t
        .http()
        .post(`${API}/kiosks/${k.id}/commands`)
        .set(await admin())
        .send({ command: 'configure', params: { version: 999999, settings: {} } });
      expectError(raw, 422);
    });

    it('refuses (422) a change whose merged settings would exceed 8192 bytes, and changes nothing', async () => {
      const tag = tagName('cfg-merge');
      const kk = await registerKiosk(t, { tags: [tag] });
      await putKiosk(kk.id, { own: 'o'.repeat(5000) });
      const before = await getConfig(kk.id);
      const res = await send(
        `/kiosk-configs/tags/${tag}`,
        JSON.stringify({ settings: { tagged: 't'.repeat(5000) } }),
      );
      expectError(res, 422);
      expect(res.body.details).toEqual([
        { field: 'settings', message: expect.stringContaining(`kiosk ${kk.id}`) },
      ]);
      expect(await getConfig(kk.id)).toEqual(before);
      await t
        .http()
        .get(`${API}/kiosk-configs/tags/${tag}`)
        .set(await admin())
        .expect(404);
      // And the other way round: the kiosk's own settings on top of a large tag's.
      await putTag(tag, { tagged: 't'.repeat(5000) }, 422);
      await putKiosk(kk.id, {});
      await putTag(tag, { tagged: 't'.repeat(5000) });
      expectError(
        await send(`/kiosks/${kk.id}/config`, JSON.stringify({ settings: { own: 'o'.repeat(5000) } })),
        422,
      );
    });
  });
});
