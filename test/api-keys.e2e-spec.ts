import { DataSource } from 'typeorm';
import { API, Session, startTestApp, TestApp } from './support/test-app';
import { issueApiKey, IssuedApiKey } from './support/api-keys';
import { registerKiosk, RegisteredKiosk } from './support/kiosks';

/**
 * API keys for integrators (CONTRACT §8) on the real app: issued once, scoped by role and tags,
 * never shown again, `lastUsedAt` to the minute, audited, expiring, and revoked at once on every
 * instance sharing the database.
 */
describe('API keys', () => {
  let t: TestApp;
  let admin: Session;
  let db: DataSource;
  let alpha: RegisteredKiosk;
  let beta: RegisteredKiosk;
  let untagged: RegisteredKiosk;
  let otherTag: RegisteredKiosk;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.admin();
    db = await new DataSource({ type: 'postgres', url: t.databaseUrl }).initialize();
    alpha = await registerKiosk(t, { tags: ['alpha', 'station'] });
    beta = await registerKiosk(t, { tags: ['beta'] });
    untagged = await registerKiosk(t);
    otherTag = await registerKiosk(t, { tags: ['gamma'] });
  });
  afterAll(async () => {
    await db.destroy();
    await t.close();
  });

  const metric = async (outcome: string): Promise<number> => {
    const res = await t.http().get('/metrics').expect(200);
    const line = res.text.split('\n').find((l) => l.startsWith(`api_key_auth_total{outcome="${outcome}"} `));
    return line ? Number(line.split(' ')[1]) : 0;
  };
  const auditOf = async (action: string, targetId: string) => {
    const res = await t.http().get(`${API}/audit-log?action=${action}&limit=200`).set(admin.auth).expect(200);
    return (
      res.body.items as Array<{ targetId: string; actorUsername: string; details: Record<string, unknown> }>
    ).filter((e) => e.targetId === targetId);
  };
  const lastUsedAt = async (id: string): Promise<Date | null> => {
    const [row] = (await db.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [id])) as Array<{
      last_used_at: Date | null;
    }>;
    return row.last_used_at;
  };

  it('issues a key once: 201 with Location and the key, stored hashed, never returned by list or get, audited', async () => {
    const res = await t
      .http()
      .post(`${API}/api-keys`)
      .set(admin.auth)
      .send({
        name: 'ERP integration',
        role: 'viewer',
        tags: ['alpha', 'beta'],
        expiresAt: '2099-01-01T00:00:00Z',
      })
      .expect(201);
    const { apiKey, key } = res.body as {
      apiKey: Record<string, unknown> & { id: string; prefix: string };
      key: string;
    };
    expect(res.headers.location).toBe(`/api/v1/api-keys/${apiKey.id}`);
    expect(key).toMatch(/^kf_[a-z2-7]{8}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toEqual({
      id: expect.any(String),
      name: 'ERP integration',
      prefix: key.slice(0, 11),
      role: 'viewer',
      tags: ['alpha', 'beta'],
      createdAt: expect.any(String),
      expiresAt: '2099-01-01T00:00:00.000Z',
      lastUsedAt: null,
    });

    const [stored] = (await db.query(`SELECT encode(key_hash, 'hex') AS h FROM api_keys WHERE id = $1`, [
      apiKey.id,
    ])) as Array<{ h: string }>;
    const { createHash } = await import('node:crypto');
    expect(stored.h).toBe(createHash('sha256').update(key).digest('hex'));

    const one = await t.http().get(`${API}/api-keys/${apiKey.id}`).set(admin.auth).expect(200);
    expect(one.body).toEqual(apiKey);
    const list = await t.http().get(`${API}/api-keys?limit=200`).set(admin.auth).expect(200);
    expect(list.body.items).toContainEqual(apiKey);
    for (const text of [JSON.stringify(one.body), JSON.stringify(list.body)]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(key.slice(12));
    }

    const audit = await auditOf('api_key.created', apiKey.id);
    expect(audit).toEqual([
      expect.objectContaining({
        actorUsername: 'admin',
        details: {
          name: 'ERP integration',
          prefix: apiKey.prefix,
          role: 'viewer',
          tags: ['alpha', 'beta'],
          expiresAt: '2099-01-01T00:00:00.000Z',
        },
      }),
    ]);
    expect(JSON.stringify(audit)).not.toContain(key.slice(12));
  });

  it('pages the list with a cursor', async () => {
    const mine = [];
    for (let i = 0; i < 3; i++) mine.push(await issueApiKey(t, { role: 'viewer', tags: ['paging'] }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t
        .http()
        .get(`${API}/api-keys?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set(admin.auth)
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...(res.body.items as Array<{ id: string }>).map((k) => k.id));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual(expect.arrayContaining(mine.map((k) => k.id)));
    expect(new Set(seen).size).toBe(seen.length);
  });

  describe('a viewer key', () => {
    let key: IssuedApiKey;
    beforeAll(async () => {
      key = await issueApiKey(t, { role: 'viewer', tags: ['alpha', 'beta'] });
    });

    it('lists only kiosks carrying one of its tags', async () => {
      const res = await t.http().get(`${API}/kiosks?limit=200`).set(key.auth).expect(200);
      const ids = (res.body.items as Array<{ id: number }>).map((k) => k.id).sort((a, b) => a - b);
      expect(ids).toEqual([alpha.id, beta.id].sort((a, b) => a - b));
    });

    it('reads a tagged kiosk and gets 404 for an untagged or otherwise tagged one', async () => {
      await t.http().get(`${API}/kiosks/${alpha.id}`).set(key.auth).expect(200);
      await t.http().get(`${API}/kiosks/${beta.id}/state`).set(key.auth).expect(200);
      for (const k of [untagged, otherTag]) {
        const res = await t.http().get(`${API}/kiosks/${k.id}`).set(key.auth).expect(404);
        expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
        await t.http().get(`${API}/kiosks/${k.id}/state`).set(key.auth).expect(404);
        await t.http().get(`${API}/kiosks/${k.id}/commands`).set(key.auth).expect(404);
      }
    });

    it('gets 403 on admin routes, on sending a command, and on routes about a person’s session', async () => {
      for (const path of ['/users', '/api-keys', '/audit-log']) {
        const res = await t.http().get(`${API}${path}`).set(key.auth).expect(403);
        expect(res.body).toMatchObject({
          statusCode: 403,
          error: 'Forbidden',
          message: 'This action needs role admin',
        });
      }
      await t
        .http()
        .post(`${API}/api-keys`)
        .set(key.auth)
        .send({ name: 'x', role: 'operator', tags: ['alpha'] })
        .expect(403);
      await t
        .http()
        .post(`${API}/kiosks/${alpha.id}/commands`)
        .set(key.auth)
        .send({ command: 'restart' })
        .expect(403);
      await t.http().get(`${API}/auth/me`).set(key.auth).expect(403);
      await t.http().post(`${API}/kiosks/assign`).set(key.auth).send({ code: untagged.code }).expect(403);
      const kiosk = await t.http().get(`${API}/kiosks/${untagged.id}`).set(admin.auth).expect(200);
      expect(kiosk.body.assignedTo).toBeNull();
    });
  });

  describe('an operator key', () => {
    let key: IssuedApiKey;
    beforeAll(async () => {
      key = await issueApiKey(t, { role: 'operator', tags: ['station'] });
    });

    it('sends a command to a tagged kiosk, recorded as sent by the key', async () => {
      const res = await t
        .http()
        .post(`${API}/kiosks/${alpha.id}/commands`)
        .set(key.auth)
        .send({ command: 'restart' })
        .expect(202);
      expect(res.body).toMatchObject({ status: 'pending' });
      const cmd = await t.http().get(`${API}/commands/${res.body.id}`).set(key.auth).expect(200);
      expect(cmd.body.createdBy).toBe(key.id);
    });

    it('gets 404 sending a command to a kiosk without its tags; bulk commands address only its kiosks', async () => {
      await t
        .http()
        .post(`${API}/kiosks/${beta.id}/commands`)
        .set(key.auth)
        .send({ command: 'restart' })
        .expect(404);
      // Bulk by ids: a kiosk it may not see is not found, as for a user.
      await t
        .http()
        .post(`${API}/commands/bulk`)
        .set(key.auth)
        .send({ command: 'restart', kioskIds: [alpha.id, beta.id] })
        .expect(404);
      // Bulk by tag: only the kiosks carrying the key's own tags are addressed.
      const byTag = await t
        .http()
        .post(`${API}/commands/bulk`)
        .set(key.auth)
        .send({ command: 'restart', tag: 'alpha' })
        .expect(202);
      expect(byTag.body.count).toBe(1);
      const none = await t
        .http()
        .post(`${API}/commands/bulk`)
        .set(key.auth)
        .send({ command: 'restart', tag: 'beta' });
      expect(none.body.count ?? 0).toBe(0);
    });
  });

  it('answers 401 in the error shape to a wrong, malformed, empty or oversized key', async () => {
    const real = await issueApiKey(t, { role: 'viewer', tags: ['alpha'] });
    const unknownBefore = await metric('unknown');
    const malformedBefore = await metric('malformed');
    const flipped = real.key.slice(0, -1) + (real.key.endsWith('A') ? 'B' : 'A');
    const wrong = [flipped, `kf_aaaaaaaa_${'A'.repeat(43)}`];
    const malformed = [
      '',
      'nope',
      real.key.toUpperCase(),
      `${real.key}x`,
      `${real.key.slice(0, 20)} ${real.key.slice(21)}`,
      'kf_' + 'a'.repeat(8000),
      `Bearer ${real.key}`,
    ];
    for (const value of [...wrong, ...malformed]) {
      const res = await t.http().get(`${API}/kiosks`).set('X-API-Key', value);
      expect({ value: value.slice(0, 30), status: res.status }).toEqual({
        value: value.slice(0, 30),
        status: 401,
      });
      expect(res.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Missing or invalid API key',
        details: [],
        ...(res.body.requestId ? { requestId: res.body.requestId } : {}),
      });
    }
    expect(await metric('unknown')).toBe(unknownBefore + wrong.length);
    // The empty header never reaches the authenticator (passport refuses it first).
    expect(await metric('malformed')).toBe(malformedBefore + malformed.length - 1);
  });

  it('refuses a key sent together with a Bearer token (400), whichever is valid', async () => {
    const key = await issueApiKey(t, { role: 'viewer', tags: ['alpha'] });
    const before = await metric('ambiguous');
    const res = await t.http().get(`${API}/kiosks`).set(admin.auth).set(key.auth).expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      message: 'Send either Authorization or X-API-Key, not both',
      details: [{ field: 'X-API-Key', message: expect.any(String) }],
    });
    await t.http().get(`${API}/kiosks`).set({ Authorization: 'Bearer nonsense' }).set(key.auth).expect(400);
    expect(await metric('ambiguous')).toBe(before + 2);
  });

  it('does not take a key on login or refresh (public routes ignore it)', async () => {
    const key = await issueApiKey(t, { role: 'viewer', tags: ['alpha'] });
    await t
      .http()
      .post(`${API}/auth/login`)
      .set(key.auth)
      .send({ username: 'admin', password: 'wrong-password-123' })
      .expect(401);
    await t
      .http()
      .post(`${API}/auth/refresh`)
      .set(key.auth)
      .send({ refreshToken: 'x'.repeat(40) })
      .expect(401);
    // The key's own users row can never log in.
    await t
      .http()
      .post(`${API}/auth/login`)
      .send({ username: `api-key:${key.prefix}`, password: key.key })
      .expect(401);
  });

  it('keeps the key’s users row out of /users', async () => {
    const key = await issueApiKey(t, { role: 'operator', tags: ['alpha'] });
    const list = await t.http().get(`${API}/users?limit=200`).set(admin.auth).expect(200);
    expect((list.body.items as Array<{ id: string }>).map((u) => u.id)).not.toContain(key.id);
    await t.http().get(`${API}/users/${key.id}`).set(admin.auth).expect(404);
    await t.http().patch(`${API}/users/${key.id}`).set(admin.auth).send({ disabled: false }).expect(404);
    await t.http().delete(`${API}/users/${key.id}`).set(admin.auth).expect(404);
    await t.http().get(`${API}/kiosks`).set(key.auth).expect(200);
  });

  it('sets lastUsedAt on use and does not write it again within a minute', async () => {
    const key = await issueApiKey(t, { role: 'viewer', tags: ['alpha'] });
    expect(await lastUsedAt(key.id)).toBeNull();
    await t.http().get(`${API}/kiosks`).set(key.auth).expect(200);
    const first = await lastUsedAt(key.id);
    expect(first).toBeInstanceOf(Date);
    await new Promise((r) => setTimeout(r, 30));
    for (let i = 0; i < 5; i++) await t.http().get(`${API}/kiosks`).set(key.auth).expect(200);
    expect(await lastUsedAt(key.id)).toEqual(first);
    const shown = await t.http().get(`${API}/api-keys/${key.id}`).set(admin.auth).expect(200);
    expect(shown.body.lastUsedAt).toBe((first as Date).toISOString());

    // A minute later (moved back rather than waited for), the next use writes it again.
    await db.query(`UPDATE api_keys SET last_used_at = last_used_at - interval '61 seconds' WHERE id = $1`, [
      key.id,
    ]);
    const aged = await lastUsedAt(key.id);
    await t.http().get(`${API}/kiosks`).set(key.auth).expect(200);
    const again = await lastUsedAt(key.id);
    expect((again as Date).getTime()).toBeGreaterThan((aged as Date).getTime() + 60_000);
  });

  it('answers 401 once the key has expired', async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const key = await issueApiKey(t, { role: 'viewer', tags: ['alpha'], expiresAt });
    await t.http().get(`${API}/kiosks`).set(key.auth).expect(200);
    const before = await metric('expired');
    await new Promise((r) => setTimeout(r, Date.parse(expiresAt) - Date.now() + 100));
    const res = await t.http().get(`${API}/kiosks`).set(key.auth).expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: 'API key expired' });
    expect(await metric('expired')).toBe(before + 1);
    // Still listed for the admin, with its expiry.
    const shown = await t.http().get(`${API}/api-keys/${key.id}`).set(admin.auth).expect(200);
    expect(shown.body.expiresAt).toBe(expiresAt);
  });

  it('revokes at once: 204, the next request 401, audited, 404 afterwards, gone from the list', async () => {
    const key = await issueApiKey(t, { role: 'operator', tags: ['alpha'] });
    await t.http().get(`${API}/kiosks/${alpha.id}`).set(key.auth).expect(200);
    await t.http().delete(`${API}/api-keys/${key.id}`).set(admin.auth).expect(204);
    const before = await metric('revoked');
    const res = await t.http().get(`${API}/kiosks/${alpha.id}`).set(key.auth).expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: 'API key revoked' });
    expect(await metric('revoked')).toBe(before + 1);

    await t.http().get(`${API}/api-keys/${key.id}`).set(admin.auth).expect(404);
    await t.http().delete(`${API}/api-keys/${key.id}`).set(admin.auth).expect(404);
    const list = await t.http().get(`${API}/api-keys?limit=200`).set(admin.auth).expect(200);
    expect((list.body.items as Array<{ id: string }>).map((k) => k.id)).not.toContain(key.id);
    expect(await auditOf('api_key.revoked', key.id)).toEqual([
      expect.objectContaining({
        actorUsername: 'admin',
        details: { name: expect.any(String), prefix: key.prefix },
      }),
    ]);
  });

  it('declares apiKey next to bearer on authenticated operations in the OpenAPI document', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body as {
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    expect(doc.components.securitySchemes.apiKey).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-API-Key',
    });
    const both = [{ bearer: [] }, { apiKey: [] }];
    expect(doc.paths['/api/v1/kiosks'].get.security).toEqual(both);
    expect(doc.paths['/api/v1/api-keys'].post.security).toEqual(both);
    expect(doc.paths['/api/v1/auth/me'].get.security).toEqual([{ bearer: [] }]);
    // Public: no scheme (stated as an empty list, or left out).
    expect(doc.paths['/api/v1/auth/login'].post.security ?? []).toEqual([]);
  });
});
