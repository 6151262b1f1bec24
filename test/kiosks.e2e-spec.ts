import { Role } from '@app/contracts';
import { registerKiosk } from './support/kiosks';
import { API, startTestApp, TestApp } from './support/test-app';
import { issueApiKey } from './support/api-keys';

describe('kiosk registry: register, list, get, update, assign, QR, decommission, rotate', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('registers a kiosk: 201, Location, the secret once, never the hash; offline until it connects', async () => {
    const admin = await t.admin();
    const res = await t
      .http()
      .post(`${API}/kiosks`)
      .set(admin.auth)
      .send({
        serial: 'SIM-KIOSK-001',
        name: 'Retiro B',
        location: { lat: -34.59, lng: -58.37, address: 'Retiro' },
        tags: ['station', 'ba'],
      })
      .expect(201);
    expect(res.headers.location).toBe(`/api/v1/kiosks/${res.body.kiosk.id}`);
    expect(res.body.secret).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(res.body.kiosk).toEqual({
      id: expect.any(Number),
      serial: 'SIM-KIOSK-001',
      name: 'Retiro B',
      code: expect.stringMatching(/^[2-9A-Z]{10}$/),
      location: { lat: -34.59, lng: -58.37, address: 'Retiro' },
      tags: ['station', 'ba'],
      status: 'offline',
      canSell: null,
      assignedTo: null,
      createdAt: expect.any(String),
      lastSeenAt: null,
      firmwareVersion: null,
      capabilities: null,
      config: { desiredVersion: 0, appliedVersion: 0 },
    });
    const got = await t.http().get(`${API}/kiosks/${res.body.kiosk.id}`).set(admin.auth).expect(200);
    expect(JSON.stringify(got.body)).not.toContain(res.body.secret);
    expect(got.body).not.toHaveProperty('secretHash');
    const state = await t.http().get(`${API}/kiosks/${res.body.kiosk.id}/state`).set(admin.auth).expect(200);
    expect(state.body).toMatchObject({
      status: 'offline',
      connected: false,
      reporting: false,
      lastReading: null,
    });
  });

  it('answers 409 for a taken serial and 400 with field details for a bad body', async () => {
    const admin = await t.admin();
    const dup = await t
      .http()
      .post(`${API}/kiosks`)
      .set(admin.auth)
      .send({ serial: 'SIM-KIOSK-001', name: 'again', location: { lat: 0, lng: 0 } })
      .expect(409);
    expect(dup.body.details).toEqual([{ field: 'serial', message: 'already exists' }]);
    const bad = await t
      .http()
      .post(`${API}/kiosks`)
      .set(admin.auth)
      .send({
        serial: 'has spaces',
        name: '',
        location: { lat: 91, lng: 'x' },
        tags: 'station',
        secret: 'mine',
      })
      .expect(400);
    const fields = (bad.body.details as Array<{ field: string }>).map((d) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining(['serial', 'name', 'location.lat', 'location.lng', 'tags', 'secret']),
    );
  });

  it('filters by tag, text and status, and pages', async () => {
    const admin = await t.admin();
    for (let i = 0; i < 3; i++) await registerKiosk(t, { name: `Mall kiosk ${i}`, tags: ['mall'] });
    const byTag = await t.http().get(`${API}/kiosks?tag=mall`).set(admin.auth).expect(200);
    expect(byTag.body.items).toHaveLength(3);
    const byText = await t.http().get(`${API}/kiosks?q=RETIRO`).set(admin.auth).expect(200);
    expect(byText.body.items.map((k: { serial: string }) => k.serial)).toEqual(['SIM-KIOSK-001']);
    const offline = await t.http().get(`${API}/kiosks?status=offline&limit=2`).set(admin.auth).expect(200);
    expect(offline.body.items).toHaveLength(2);
    expect(offline.body.nextCursor).toEqual(expect.any(String));
    const next = await t
      .http()
      .get(`${API}/kiosks?status=offline&limit=2&cursor=${offline.body.nextCursor}`)
      .set(admin.auth)
      .expect(200);
    expect(next.body.items).toHaveLength(2);
    await t.http().get(`${API}/kiosks?status=sleeping`).set(admin.auth).expect(400);
  });

  it('updates name, location and tags (admin only)', async () => {
    const admin = await t.admin();
    const k = await registerKiosk(t);
    const res = await t
      .http()
      .patch(`${API}/kiosks/${k.id}`)
      .set(admin.auth)
      .send({ name: 'Renamed', tags: ['a', 'a', 'b'], location: { lat: 1, lng: 2 } })
      .expect(200);
    expect(res.body).toMatchObject({
      name: 'Renamed',
      tags: ['a', 'b'],
      location: { lat: 1, lng: 2, address: null },
    });
    await t.http().patch(`${API}/kiosks/${k.id}`).set(admin.auth).send({ serial: 'NEW' }).expect(400);
    const op = await t.userWithRole(Role.Operator);
    await t.http().patch(`${API}/kiosks/${k.id}`).set(op.auth).send({ name: 'x' }).expect(403);
  });

  it('hides other people’s kiosks (404) and shows assigned ones: BOLA', async () => {
    const a = await t.userWithRole(Role.Operator);
    const b = await t.userWithRole(Role.Operator);
    const ka = await registerKiosk(t);
    const kb = await registerKiosk(t);
    await t.http().post(`${API}/kiosks/assign`).set(a.auth).send({ code: ka.code }).expect(200);
    await t.http().post(`${API}/kiosks/assign`).set(b.auth).send({ code: kb.code }).expect(200);

    const listA = await t.http().get(`${API}/kiosks?limit=200`).set(a.auth).expect(200);
    expect(listA.body.items.map((k: { id: number }) => k.id)).toEqual([ka.id]);
    for (const path of ['', '/state', '/qr', '/telemetry']) {
      await t.http().get(`${API}/kiosks/${kb.id}${path}`).set(a.auth).expect(404);
      await t.http().get(`${API}/kiosks/${ka.id}${path}`).set(a.auth).expect(200);
    }
    // a kiosk that does not exist looks the same as one that is hidden
    const hidden = await t.http().get(`${API}/kiosks/${kb.id}`).set(a.auth);
    const missing = await t.http().get(`${API}/kiosks/999999`).set(a.auth);
    expect(hidden.body).toEqual({ ...missing.body, requestId: hidden.body.requestId });
  });

  it('shows an API key only kiosks carrying one of its tags, never by assignment: BOLA', async () => {
    const admin = await t.admin();
    const op = await t.userWithRole(Role.Operator);
    const key = await issueApiKey(t, { role: 'operator', tags: ['bola-north', 'bola-east'] });
    const other = await issueApiKey(t, { role: 'viewer', tags: ['bola-south'] });
    const north = await registerKiosk(t, { tags: ['bola-north'] });
    const east = await registerKiosk(t, { tags: ['x', 'bola-east'] });
    const south = await registerKiosk(t, { tags: ['bola-south'] });
    // Assigned to a person: the key still sees it by its tag; the person keeps it too.
    await t.http().post(`${API}/kiosks/assign`).set(op.auth).send({ code: north.code }).expect(200);
    // Assigned by an admin to the key's own id: assignment never widens what a key sees.
    await t
      .http()
      .post(`${API}/kiosks/assign`)
      .set(admin.auth)
      .send({ code: south.code, userId: key.id })
      .expect(200);

    const list = await t.http().get(`${API}/kiosks?limit=200`).set(key.auth).expect(200);
    expect(list.body.items.map((k: { id: number }) => k.id).sort()).toEqual([north.id, east.id].sort());
    for (const path of ['', '/state', '/qr', '/telemetry', '/commands']) {
      await t.http().get(`${API}/kiosks/${south.id}${path}`).set(key.auth).expect(404);
      await t.http().get(`${API}/kiosks/${north.id}${path}`).set(key.auth).expect(200);
      await t.http().get(`${API}/kiosks/${north.id}${path}`).set(other.auth).expect(404);
    }
    const opList = await t.http().get(`${API}/kiosks?limit=200`).set(op.auth).expect(200);
    expect(opList.body.items.map((k: { id: number }) => k.id)).toEqual([north.id]);
    // the tag filter cannot reach past the key's tags
    const filtered = await t.http().get(`${API}/kiosks?tag=bola-south&limit=200`).set(key.auth).expect(200);
    expect(filtered.body.items).toEqual([]);
    // hidden looks the same as missing
    const hidden = await t.http().get(`${API}/kiosks/${south.id}`).set(key.auth);
    const missing = await t.http().get(`${API}/kiosks/999999`).set(key.auth);
    expect(hidden.body).toEqual({ ...missing.body, requestId: hidden.body.requestId });
    // commands: only to its kiosks
    await t
      .http()
      .post(`${API}/kiosks/${south.id}/commands`)
      .set(key.auth)
      .send({ command: 'restart' })
      .expect(404);
    await t
      .http()
      .post(`${API}/kiosks/${east.id}/commands`)
      .set(key.auth)
      .send({ command: 'restart' })
      .expect(202);
  });

  it('assigns by QR code: self-claim, 409 when taken, idempotent for the owner, admin may reassign', async () => {
    const admin = await t.admin();
    const viewer = await t.userWithRole(Role.Viewer);
    const other = await t.userWithRole(Role.Operator);
    const k = await registerKiosk(t);
    const mine = await t
      .http()
      .post(`${API}/kiosks/assign`)
      .set(viewer.auth)
      .send({ code: k.code.toLowerCase() })
      .expect(200);
    expect(mine.body.assignedTo).toBe(viewer.id);
    await t.http().post(`${API}/kiosks/assign`).set(viewer.auth).send({ code: k.code }).expect(200);
    await t.http().post(`${API}/kiosks/assign`).set(other.auth).send({ code: k.code }).expect(409);
    await t
      .http()
      .post(`${API}/kiosks/assign`)
      .set(other.auth)
      .send({ code: k.code, userId: other.id })
      .expect(403);
    await t.http().post(`${API}/kiosks/assign`).set(other.auth).send({ code: 'NOSUCHCODE' }).expect(404);
    const moved = await t
      .http()
      .post(`${API}/kiosks/assign`)
      .set(admin.auth)
      .send({ code: k.code, userId: other.id })
      .expect(200);
    expect(moved.body.assignedTo).toBe(other.id);
    await t.http().get(`${API}/kiosks/${k.id}`).set(viewer.auth).expect(404);
    await t
      .http()
      .post(`${API}/kiosks/assign`)
      .set(admin.auth)
      .send({ code: k.code, userId: '00000000-0000-4000-8000-000000000000' })
      .expect(422);
  });

  it('lets exactly one of two simultaneous claims win', async () => {
    const a = await t.userWithRole(Role.Operator);
    const b = await t.userWithRole(Role.Operator);
    const k = await registerKiosk(t);
    const results = await Promise.all(
      [a, b].map((u) => t.http().post(`${API}/kiosks/assign`).set(u.auth).send({ code: k.code })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('serves the QR code as PNG and SVG, encoding the kiosk’s code', async () => {
    const admin = await t.admin();
    const k = await registerKiosk(t);
    const png = await t.http().get(`${API}/kiosks/${k.id}/qr`).set(admin.auth).buffer(true).expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
    const svg = await t
      .http()
      .get(`${API}/kiosks/${k.id}/qr?format=svg`)
      .set(admin.auth)
      .buffer(true)
      .expect(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(String(svg.body instanceof Buffer ? svg.body.toString() : svg.text)).toContain('<svg');
    await t.http().get(`${API}/kiosks/${k.id}/qr?format=gif`).set(admin.auth).expect(400);
  });

  it('decommissions (admin only, idempotent): the kiosk stays listed as decommissioned', async () => {
    const admin = await t.admin();
    const op = await t.userWithRole(Role.Operator);
    const k = await registerKiosk(t);
    await t.http().delete(`${API}/kiosks/${k.id}`).set(op.auth).expect(403);
    await t.http().delete(`${API}/kiosks/${k.id}`).set(admin.auth).expect(204);
    await t.http().delete(`${API}/kiosks/${k.id}`).set(admin.auth).expect(204);
    const got = await t.http().get(`${API}/kiosks/${k.id}`).set(admin.auth).expect(200);
    expect(got.body.status).toBe('decommissioned');
    await t.http().post(`${API}/kiosks/${k.id}/rotate-secret`).set(admin.auth).expect(422);
    await t.http().post(`${API}/kiosks/assign`).set(admin.auth).send({ code: k.code }).expect(422);
    await t.http().delete(`${API}/kiosks/999999`).set(admin.auth).expect(404);
    await t.http().get(`${API}/kiosks/abc`).set(admin.auth).expect(400);
  });

  it('rotates the secret (admin only) and shows the new one once', async () => {
    const admin = await t.admin();
    const k = await registerKiosk(t);
    const res = await t.http().post(`${API}/kiosks/${k.id}/rotate-secret`).set(admin.auth).expect(200);
    expect(res.body.secret).not.toBe(k.secret);
    expect(res.body.kiosk.id).toBe(k.id);
  });
});
