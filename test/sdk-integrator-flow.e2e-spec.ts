import { randomBytes } from 'node:crypto';
import { Socket } from 'socket.io-client';
import {
  createKioskFleetClient,
  KioskFleetApiError,
  KioskFleetClient,
  SessionTokens,
} from '@kiosk-fleet/sdk';
import { disableSeededRules } from './support/alerts';
import { connectKiosk, emitWithAck, eventually, kioskUpdate } from './support/kiosks';
import { pay, sale } from './support/payments';
import { ADMIN, startTestApp, TestApp } from './support/test-app';

interface WireCommand {
  command_id: string;
  kiosk_id: number;
  command: string;
  params: Record<string, unknown>;
}

/**
 * An integrator's whole day through the typed SDK, against the real app (HTTP, Socket.IO,
 * PostgreSQL, Redis): nothing below talks to the API except through `@kiosk-fleet/sdk`, and the
 * kiosk side is a real socket.io-client speaking the wire protocol.
 */
describe('SDK: an integrator flow against the real app', () => {
  let t: TestApp;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      env: { ENABLED_MODULES: 'kiosk,telemetry,command,alert,payment', ALERT_ESCALATION_STEPS_SEC: '' },
    });
    await disableSeededRules(t);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  /**
   * `admin` does what only an admin may (register the kiosk, write alert rules); `api` — the
   * integration under test — does everything else.
   */
  async function runFlow(api: KioskFleetClient, admin: KioskFleetClient, label: string): Promise<void> {
    // 1. register a kiosk: the secret is shown this once
    const serial = `SDK-${label}-${randomBytes(3).toString('hex').toUpperCase()}`;
    const { kiosk, secret } = await admin.POST('/api/v1/kiosks', {
      body: { serial, name: `SDK kiosk ${label}`, location: { lat: -34.6, lng: -58.38 }, tags: ['sdk'] },
    });
    expect(kiosk).toMatchObject({ serial, status: 'offline', tags: ['sdk'] });
    expect(secret.length).toBeGreaterThan(16);

    // 2. the kiosk connects over Socket.IO and reports three readings
    const socket = await connectKiosk(t, { serial, secret });
    sockets.push(socket);
    const commands: WireCommand[] = [];
    socket.on('kiosk_command', (c: WireCommand) => commands.push(c));
    await emitWithAck(socket, 'kiosk_join', {});
    const start = Date.now() - 60_000;
    for (let seq = 1; seq <= 3; seq++) {
      const reading = kioskUpdate(
        seq,
        { hardware: { cpu_temp: 50 + seq, cpu_usage: 40, ram_usage: 60, disk_usage: 70 } },
        new Date(start + seq * 10_000),
      );
      expect(await emitWithAck(socket, 'kiosk_update', reading)).toEqual({ ok: true });
    }

    // 3. state and telemetry through the SDK
    const state = await eventually(async () => {
      const s = await api.GET('/api/v1/kiosks/{id}/state', { params: { path: { id: kiosk.id } } });
      expect(s.lastReading).not.toBeNull();
      return s;
    });
    expect(state).toMatchObject({ kioskId: kiosk.id, status: 'online', connected: true });
    expect(state.lastReading).toMatchObject({ hardware: { cpuTemp: 53 } });
    const telemetry = await api.GET('/api/v1/kiosks/{id}/telemetry', {
      params: {
        path: { id: kiosk.id },
        query: { from: new Date(start).toISOString(), to: new Date().toISOString(), bucket: 'raw' },
      },
    });
    expect(telemetry.items).toHaveLength(3);
    expect(telemetry.items.map((p) => ('seq' in p ? p.seq : null))).toEqual([1, 2, 3]);

    // 4. issue a command; the kiosk receives and acknowledges it; its status is read back
    const issued = await api.POST('/api/v1/kiosks/{id}/commands', {
      params: { path: { id: kiosk.id } },
      body: { command: 'restart', params: { reason: 'sdk flow' } },
    });
    expect(issued).toMatchObject({ status: 'pending', command: 'restart', kioskId: kiosk.id });
    await eventually(async () => expect(commands.map((c) => c.command_id)).toEqual([issued.id]));
    expect(
      await emitWithAck(socket, 'kiosk_command_ack', {
        command_id: issued.id,
        kiosk_id: kiosk.id,
        command: 'restart',
        status: 'success',
        timestamp: new Date().toISOString(),
      }),
    ).toEqual({ ok: true, command_id: issued.id });
    const done = await api.GET('/api/v1/commands/{id}', { params: { path: { id: issued.id } } });
    expect(done.status).toBe('succeeded');

    // 5. a sale on the wire and one recorded over REST, then the payments summary
    const wireSale = sale({ amount: '12.50', currency: 'USD', method: 'cash' });
    expect((await pay(socket, wireSale)).ok).toBe(true);
    await api.POST('/api/v1/payments', {
      body: {
        kioskId: kiosk.id,
        transactionId: `TX-SDK-${randomBytes(4).toString('hex')}`,
        amount: '7.25',
        currency: 'USD',
        method: 'card',
        status: 'completed',
        occurredAt: new Date().toISOString(),
      },
    });
    const summary = await eventually(async () => {
      const s = await api.GET('/api/v1/payments/summary', {
        params: {
          query: {
            groupBy: 'kiosk',
            kioskId: kiosk.id,
            from: new Date(Date.now() - 3_600_000).toISOString(),
            to: new Date(Date.now() + 60_000).toISOString(),
          },
        },
      });
      expect(s.groups).toHaveLength(1);
      return s;
    });
    expect(summary.groups[0]).toMatchObject({
      key: String(kiosk.id),
      currency: 'USD',
      count: 2,
      total: '19.75',
    });

    // 6. five rules the next reading breaks → five alerts; page through them two at a time
    const fields = [
      'environmental.temperature',
      'environmental.humidity',
      'hardware.cpu_temp',
      'hardware.ram_usage',
    ] as const; // the SDK types a condition's field as the telemetry paths a rule may name
    const ruleIds: string[] = [];
    for (const [i, field] of [...fields, 'hardware.disk_usage' as const].entries()) {
      const rule = await admin.POST('/api/v1/alert-rules', {
        body: {
          name: `SDK ${label} ${i} ${field}`,
          severity: 'major',
          scope: { kind: 'kiosk', value: kiosk.id },
          forSeconds: 0,
          condition: { field, op: '>', value: 1 },
        },
      });
      ruleIds.push(rule.id);
    }
    expect(await emitWithAck(socket, 'kiosk_update', kioskUpdate(4))).toEqual({ ok: true });
    const alertIds = await eventually(async () => {
      const ids: string[] = [];
      for await (const alert of api.paginate('/api/v1/alerts', { query: { kioskId: kiosk.id, limit: 2 } })) {
        expect(alert.kioskId).toBe(kiosk.id);
        ids.push(alert.id);
      }
      expect(ids).toHaveLength(5);
      return ids;
    });
    expect(new Set(alertIds).size).toBe(5);
    const pageSizes: number[] = [];
    for await (const page of api.pages('/api/v1/alerts', { query: { kioskId: kiosk.id, limit: 2 } })) {
      pageSizes.push(page.items.length);
    }
    expect(pageSizes).toEqual([2, 2, 1]);
    for (const id of ruleIds) {
      await admin.PATCH('/api/v1/alert-rules/{id}', { params: { path: { id } }, body: { enabled: false } });
    }

    // 7. errors come back as KioskFleetApiError with the contract's shape
    const notFound = await api
      .GET('/api/v1/kiosks/{id}', { params: { path: { id: 987654 } } })
      .catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(KioskFleetApiError);
    expect(notFound).toMatchObject({ statusCode: 404, error: 'Not Found', requestId: expect.any(String) });
    const invalid = await api
      .POST('/api/v1/kiosks/{id}/commands', {
        params: { path: { id: kiosk.id } },
        body: { command: 'restart', ttlSeconds: 1 },
      })
      .catch((e: unknown) => e);
    expect(invalid).toMatchObject({
      statusCode: 400,
      details: [expect.objectContaining({ field: 'ttlSeconds' })],
    });
  }

  it('with a user login (JWT): register → readings → state/telemetry → command → payments summary → alerts pages', async () => {
    const rotations: Array<SessionTokens | null> = [];
    const api = createKioskFleetClient({
      baseUrl: t.baseUrl,
      auth: { username: ADMIN.username, password: ADMIN.password },
      onTokens: (tokens) => rotations.push(tokens),
    });
    await runFlow(api, api, 'jwt');
    expect(rotations).toHaveLength(1);

    // logout revokes the session server-side: a client holding the old access token alone gets 401
    const old = api.tokens;
    expect(old).toBeDefined();
    await api.logout();
    expect(api.tokens).toBeUndefined();
    const stale = createKioskFleetClient({
      baseUrl: t.baseUrl,
      auth: { accessToken: old?.accessToken ?? '' },
    });
    await expect(stale.GET('/api/v1/auth/me')).rejects.toMatchObject({ statusCode: 401 });
  });

  it('with an integrator API key (X-API-Key, operator scoped to a tag): the same flow', async () => {
    const admin = createKioskFleetClient({
      baseUrl: t.baseUrl,
      auth: { username: ADMIN.username, password: ADMIN.password },
    });
    // Issued through supertest: /api-keys is not yet in the committed openapi.json the SDK types come from.
    const issued = await t
      .http()
      .post('/api/v1/api-keys')
      .set((await t.admin()).auth)
      .send({ name: 'sdk integrator', role: 'operator', tags: ['sdk'] })
      .expect(201);
    const key = issued.body.key as string;
    const api = createKioskFleetClient({ baseUrl: t.baseUrl, auth: { apiKey: key } });
    await runFlow(api, admin, 'key');
    expect(api.tokens).toBeUndefined();
    await api.logout(); // a no-op with an API key
    // the key sees only kiosks tagged `sdk`: an untagged one is a 404 through the SDK
    const { kiosk: other } = await admin.POST('/api/v1/kiosks', {
      body: {
        serial: `SDK-OTHER-${randomBytes(3).toString('hex')}`,
        name: 'untagged',
        location: { lat: 0, lng: 0 },
      },
    });
    await expect(
      api.GET('/api/v1/kiosks/{id}/state', { params: { path: { id: other.id } } }),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it('refreshes once for concurrent requests whose access token the server no longer accepts, against the real refresh rotation', async () => {
    const first = await t.login(ADMIN.username, ADMIN.password);
    const rotations: Array<SessionTokens | null> = [];
    // A token of a session that was then logged out behaves like an expired one: 401 on every route.
    const other = createKioskFleetClient({ baseUrl: t.baseUrl });
    const revoked = await other.login({ username: ADMIN.username, password: ADMIN.password });
    await other.logout();
    const api = createKioskFleetClient({
      baseUrl: t.baseUrl,
      auth: { accessToken: revoked.accessToken, refreshToken: first.refreshToken },
      onTokens: (tokens) => rotations.push(tokens),
    });
    const results = await Promise.all(Array.from({ length: 8 }, () => api.GET('/api/v1/auth/me')));
    expect(results.every((me) => me.username === ADMIN.username)).toBe(true);
    // one refresh for all eight: a second use of the rotated refresh token would have revoked the family
    expect(rotations).toHaveLength(1);
    const rotated = rotations[0];
    expect(rotated?.refreshToken).not.toBe(first.refreshToken);
    // the first refresh token was consumed exactly once: reusing it now is refused (and revokes the family)
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
  });
});
