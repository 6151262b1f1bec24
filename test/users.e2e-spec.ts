import { randomUUID } from 'node:crypto';
import { API, startTestApp, TestApp } from './support/test-app';

describe('users: admin CRUD, last-admin protection, audit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('walks the newcomer path: create a user, log in as them, meet 403 where the role is too small', async () => {
    const admin = await t.admin();
    const created = await t
      .http()
      .post(`${API}/users`)
      .set(admin.auth)
      .send({ username: 'Vera.Viewer', password: 'viewer-password-1', role: 'viewer' })
      .expect(201);
    expect(created.headers.location).toBe(`/api/v1/users/${created.body.id}`);
    expect(created.body).toEqual({
      id: expect.any(String),
      username: 'vera.viewer',
      role: 'viewer',
      disabled: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const vera = await t.login('vera.viewer', 'viewer-password-1');
    await t.http().get(`${API}/auth/me`).set(vera.auth).expect(200);
    const forbidden = await t.http().get(`${API}/users`).set(vera.auth).expect(403);
    expect(forbidden.body).toMatchObject({ statusCode: 403, error: 'Forbidden', details: [] });
  });

  it('answers 409 for a taken username, whatever its case', async () => {
    const admin = await t.admin();
    const res = await t
      .http()
      .post(`${API}/users`)
      .set(admin.auth)
      .send({ username: 'ADMIN', password: 'another-password-1', role: 'viewer' })
      .expect(409);
    expect(res.body.details).toEqual([{ field: 'username', message: 'already exists' }]);
  });

  it('validates the body field by field', async () => {
    const admin = await t.admin();
    const res = await t
      .http()
      .post(`${API}/users`)
      .set(admin.auth)
      .send({ username: 'a b', password: 'short', role: 'superuser', isAdmin: true })
      .expect(400);
    const fields = (res.body.details as Array<{ field: string }>).map((d) => d.field).sort();
    expect(fields).toEqual(['isAdmin', 'password', 'role', 'username']);
  });

  it('pages through users with a cursor, without repeats or gaps', async () => {
    const admin = await t.admin();
    for (let i = 0; i < 5; i++) {
      await t
        .http()
        .post(`${API}/users`)
        .set(admin.auth)
        .send({ username: `page-user-${i}`, password: 'page-password-1', role: 'operator' })
        .expect(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const res = await t.http().get(`${API}/users${q}`).set(admin.auth).expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((u: { username: string }) => u.username));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(['admin', 'page-user-0', 'page-user-4']));
    expect(pages).toBe(Math.ceil(seen.length / 2));
    await t.http().get(`${API}/users?limit=0`).set(admin.auth).expect(400);
    await t.http().get(`${API}/users?limit=201`).set(admin.auth).expect(400);
    await t.http().get(`${API}/users?cursor=garbage`).set(admin.auth).expect(400);
  });

  it('gets a user, answers 404 for an unknown id and 400 for a malformed one', async () => {
    const admin = await t.admin();
    await t.http().get(`${API}/users/${admin.user.id}`).set(admin.auth).expect(200);
    const missing = await t.http().get(`${API}/users/${randomUUID()}`).set(admin.auth).expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: 'User not found' });
    await t.http().get(`${API}/users/not-a-uuid`).set(admin.auth).expect(400);
  });

  it('changes a role with effect on the next request, and audits it', async () => {
    const admin = await t.admin();
    const op = await t.userWithRole('operator' as never);
    await t.http().get(`${API}/users`).set(op.auth).expect(403);
    await t.http().patch(`${API}/users/${op.id}`).set(admin.auth).send({ role: 'admin' }).expect(200);
    // same access token: the role is read from the database, not the token
    await t.http().get(`${API}/users`).set(op.auth).expect(200);
    const audit = await t.http().get(`${API}/audit-log?action=user.role_changed`).set(admin.auth).expect(200);
    expect(audit.body.items[0]).toMatchObject({
      targetId: op.id,
      actorId: admin.user.id,
      details: { from: 'operator', to: 'admin' },
    });
    await t.http().patch(`${API}/users/${op.id}`).set(admin.auth).send({ role: 'operator' }).expect(200);
  });

  it('disabling a user ends their sessions and stops their logins', async () => {
    const admin = await t.admin();
    const v = await t.userWithRole('viewer' as never);
    await t.http().patch(`${API}/users/${v.id}`).set(admin.auth).send({ disabled: true }).expect(200);
    await t.http().get(`${API}/auth/me`).set(v.auth).expect(401);
    await t
      .http()
      .post(`${API}/auth/login`)
      .send({ username: v.user.username, password: v.password })
      .expect(401);
    await t.http().patch(`${API}/users/${v.id}`).set(admin.auth).send({ disabled: false }).expect(200);
    await t.login(v.user.username, v.password);
  });

  it('refuses to demote, disable or delete the last admin (422), and allows it once another exists', async () => {
    const admin = await t.admin();
    const id = admin.user.id;
    for (const [method, body] of [
      ['patch', { role: 'viewer' }],
      ['patch', { disabled: true }],
      ['delete', undefined],
    ] as const) {
      const req =
        method === 'patch'
          ? t.http().patch(`${API}/users/${id}`).send(body)
          : t.http().delete(`${API}/users/${id}`);
      const res = await req.set(admin.auth).expect(422);
      expect(res.body.message).toMatch(/last admin/);
    }
    const second = await t.userWithRole('admin' as never);
    await t.http().delete(`${API}/users/${second.id}`).set(admin.auth).expect(204);
    await t.http().get(`${API}/users/${second.id}`).set(admin.auth).expect(404);
    await t.http().get(`${API}/auth/me`).set(second.auth).expect(401);
  });

  it('keeps one admin when the only two admins demote themselves at the same time', async () => {
    const admin = await t.admin();
    const other = await t.userWithRole('admin' as never);
    const results = await Promise.all([
      t.http().patch(`${API}/users/${admin.user.id}`).set(admin.auth).send({ role: 'operator' }),
      t.http().patch(`${API}/users/${other.id}`).set(other.auth).send({ role: 'operator' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
    const still = results[0].status === 200 ? other : admin;
    const list = await t.http().get(`${API}/users?limit=200`).set(still.auth).expect(200);
    expect(list.body.items.filter((u: { role: string }) => u.role === 'admin')).toEqual([
      expect.objectContaining({ id: still.user.id }),
    ]);
  });
});
