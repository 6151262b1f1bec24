import { randomBytes } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { Role } from '@app/contracts';
import { issueApiKey } from './support/api-keys';
import {
  connectKiosk,
  emitWithAck,
  eventually,
  kioskUpdate,
  registerKiosk,
  RegisteredKiosk,
} from './support/kiosks';
import { API, startTestApp, TestApp } from './support/test-app';

interface ConfigBody {
  kioskId: number;
  desiredVersion: number;
  appliedVersion: number;
  settings: Record<string, unknown>;
  ownSettings: Record<string, unknown>;
  pending: { commandId: string; version: number; status: string } | null;
}
interface WireCommand {
  command_id: string;
  command: string;
  params: { version: number; settings: Record<string, unknown> };
}

const tagName = (p: string) => `${p}-${randomBytes(3).toString('hex')}`;

type Settings = Record<string, unknown>;

/**
 * The merge rule as documented, in plain TypeScript, to check the server's SQL against: top-level
 * keys; the kiosk's own over its tags'; among tags, the later by byte order of the name wins.
 */
function referenceMerge(tagSettings: Record<string, Settings>, kioskTags: string[], own: Settings): Settings {
  const ordered = kioskTags
    .filter((tag) => tag in tagSettings)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const merged: Settings = {};
  for (const tag of ordered) Object.assign(merged, tagSettings[tag]);
  return Object.assign(merged, own);
}

/** mulberry32: a seeded generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Remote configuration (CONTRACT §8) on the real app with socket.io-client kiosks: tag and kiosk
 * settings merge into a versioned desired config, `configure` goes out on change and on join, a
 * success ack sets the applied version (never backwards) and clears the drift; roles and hostile
 * bodies are refused in the API's error shape.
 */
describe('remote configuration: desired vs applied', () => {
  let t: TestApp;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    t = await startTestApp({ env: { KIOSK_CONNECT_RATE_PER_MIN: '0' } });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  const admin = async () => (await t.admin()).auth;
  const putTag = async (tag: string, settings: unknown, expect = 200) =>
    (
      await t
        .http()
        .put(`${API}/kiosk-configs/tags/${encodeURIComponent(tag)}`)
        .set(await admin())
        .send({ settings })
        .expect(expect)
    ).body;
  const putKiosk = async (id: number, settings: unknown, expect = 200) =>
    (
      await t
        .http()
        .put(`${API}/kiosks/${id}/config`)
        .set(await admin())
        .send({ settings })
        .expect(expect)
    ).body;
  const getConfig = async (id: number): Promise<ConfigBody> =>
    (
      await t
        .http()
        .get(`${API}/kiosks/${id}/config`)
        .set(await admin())
        .expect(200)
    ).body;
  const driftIds = async (tag: string, drift: boolean): Promise<number[]> =>
    (
      await t
        .http()
        .get(`${API}/kiosks?tag=${encodeURIComponent(tag)}&configDrift=${drift}`)
        .set(await admin())
        .expect(200)
    ).body.items.map((k: { id: number }) => k.id);

  /** Connects, joins and collects the commands the kiosk receives. */
  async function online(k: RegisteredKiosk): Promise<{ socket: Socket; received: WireCommand[] }> {
    const socket = await connectKiosk(t, k);
    sockets.push(socket);
    const received: WireCommand[] = [];
    socket.on('kiosk_command', (c: WireCommand) => received.push(c));
    expect(await emitWithAck(socket, 'kiosk_join', { capabilities: {} })).toMatchObject({ ok: true });
    return { socket, received };
  }
  const ack = (socket: Socket, k: RegisteredKiosk, commandId: string | undefined, status = 'success') =>
    emitWithAck(socket, 'kiosk_command_ack', {
      ...(commandId && { command_id: commandId }),
      kiosk_id: k.id,
      command: 'configure',
      status,
      timestamp: new Date().toISOString(),
    });

  it('merges tag and kiosk settings (kiosk over tags, later tag over earlier) with growing versions', async () => {
    const [a, b] = [tagName('cfg-a'), tagName('cfg-b')];
    const k = await registerKiosk(t, { tags: [b, a] });
    expect((await getConfig(k.id)).desiredVersion).toBe(0);

    expect(await putTag(a, { x: 1, y: 1, display: { p: 1 } })).toMatchObject({ tag: a, kiosksChanged: 1 });
    const v1 = await getConfig(k.id);
    expect(v1).toMatchObject({ settings: { x: 1, y: 1, display: { p: 1 } }, appliedVersion: 0 });
    expect(v1.desiredVersion).toBeGreaterThan(0);
    expect(v1.pending).toMatchObject({ version: v1.desiredVersion, status: 'pending' });

    await putTag(b, { y: 2, z: 2 });
    const v2 = await getConfig(k.id);
    expect(v2.settings).toEqual({ x: 1, y: 2, z: 2, display: { p: 1 } });
    expect(v2.desiredVersion).toBeGreaterThan(v1.desiredVersion);

    const v3 = (await putKiosk(k.id, { z: 3, display: { q: 1 } })) as ConfigBody;
    // Top-level keys only: the kiosk's `display` replaces the tag's whole.
    expect(v3.settings).toEqual({ x: 1, y: 2, z: 3, display: { q: 1 } });
    expect(v3.ownSettings).toEqual({ z: 3, display: { q: 1 } });
    expect(v3.desiredVersion).toBeGreaterThan(v2.desiredVersion);

    // The same settings again: nothing changed, no new version, no new command.
    expect((await putKiosk(k.id, { z: 3, display: { q: 1 } })).desiredVersion).toBe(v3.desiredVersion);
    expect(await putTag(a, { x: 1, y: 1, display: { p: 1 } })).toMatchObject({ kiosksChanged: 0 });
    // A tag setting the kiosk overrides changes nothing either.
    expect(await putTag(b, { y: 2, z: 99 })).toMatchObject({ kiosksChanged: 0 });

    const kiosk = (
      await t
        .http()
        .get(`${API}/kiosks/${k.id}`)
        .set(await admin())
        .expect(200)
    ).body;
    expect(kiosk.config).toEqual({ desiredVersion: v3.desiredVersion, appliedVersion: 0 });

    // One configure stays open: each newer one cancelled the one before.
    const cmds = (
      await t
        .http()
        .get(`${API}/kiosks/${k.id}/commands`)
        .set(await admin())
        .expect(200)
    ).body.items as Array<{ id: string; command: string; status: string; params: { version: number } }>;
    const configure = cmds.filter((c) => c.command === 'configure');
    expect(configure.map((c) => c.status)).toEqual(['pending', 'cancelled', 'cancelled']);
    expect(configure[0]).toMatchObject({ id: v3.pending?.commandId, params: { version: v3.desiredVersion } });
  });

  it('merges like the documented rule over a random fleet (tag order is byte order, not the locale’s)', async () => {
    const seed = 20261207;
    const next = rng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
    const prefix = tagName('m');
    // Byte order: '-' < '.' < digits < upper case < '_' < lower case; a locale collation sorts these otherwise.
    const tags = ['B', 'a', 'a-b', 'a.b', 'Z9', '_x'].map((x) => `${prefix}${x}`);
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
    const values = [0, 1, 'x', true, null, [1, 2], { deep: { v: 1 } }];
    const randomSettings = (): Settings =>
      Object.fromEntries(keys.filter(() => next() < 0.5).map((k) => [k, pick(values)]));
    const kiosks = [] as Array<{ k: RegisteredKiosk; tags: string[]; own: Settings }>;
    for (let i = 0; i < 12; i++) {
      const mine = tags.filter(() => next() < 0.5);
      kiosks.push({ k: await registerKiosk(t, { tags: mine }), tags: mine, own: {} });
    }
    const tagSettings: Record<string, Settings> = {};
    const check = async (round: string) => {
      for (const { k, tags: mine, own } of kiosks) {
        const got = await getConfig(k.id);
        expect({ round, kiosk: k.id, settings: got.settings }).toEqual({
          round,
          kiosk: k.id,
          settings: referenceMerge(tagSettings, mine, own),
        });
      }
    };
    for (const tag of tags) {
      tagSettings[tag] = randomSettings();
      await putTag(tag, tagSettings[tag]);
    }
    await check(`tags (seed ${seed})`);
    for (const entry of kiosks.filter(() => next() < 0.6)) {
      entry.own = randomSettings();
      await putKiosk(entry.k.id, entry.own);
    }
    await check('own settings');
    const changed = pick(tags);
    tagSettings[changed] = randomSettings();
    await putTag(changed, tagSettings[changed]);
    await check(`one tag changed (${changed})`);
  });

  it('sends configure to an online kiosk; its success ack sets appliedVersion and clears the drift', async () => {
    const tag = tagName('cfg-online');
    const k = await registerKiosk(t, { tags: [tag] });
    const { socket, received } = await online(k);
    await putTag(tag, { telemetry_interval_sec: 10, screen_brightness: 70 });
    const cmd = await eventually(async () => {
      const c = received.find((r) => r.command === 'configure');
      expect(c).toBeDefined();
      return c as WireCommand;
    });
    const desired = await getConfig(k.id);
    expect(cmd.params).toEqual({
      version: desired.desiredVersion,
      settings: { telemetry_interval_sec: 10, screen_brightness: 70 },
    });
    expect(desired.pending).toMatchObject({ commandId: cmd.command_id, status: 'sent' });
    expect(await driftIds(tag, true)).toEqual([k.id]);
    expect(await driftIds(tag, false)).toEqual([]);

    expect(await ack(socket, k, cmd.command_id)).toMatchObject({ ok: true, command_id: cmd.command_id });
    await eventually(async () =>
      expect(await getConfig(k.id)).toMatchObject({
        desiredVersion: desired.desiredVersion,
        appliedVersion: desired.desiredVersion,
        pending: null,
      }),
    );
    expect(await driftIds(tag, true)).toEqual([]);
    expect(await driftIds(tag, false)).toEqual([k.id]);
  });

  it('sends configure to an offline kiosk when it joins, and again at a later join if none is on its way', async () => {
    const k = await registerKiosk(t);
    const set = (await putKiosk(k.id, { price_list_version: '2026-12' })) as ConfigBody;
    const first = await online(k);
    const delivered = await eventually(async () => {
      const c = first.received.find((r) => r.command === 'configure');
      expect(c?.params).toEqual({ version: set.desiredVersion, settings: { price_list_version: '2026-12' } });
      return c as WireCommand;
    });
    expect(delivered.command_id).toBe(set.pending?.commandId);
    first.socket.close();

    // The configure is cancelled (by hand, or it expired): the next join issues a new one.
    await t
      .http()
      .post(`${API}/commands/${delivered.command_id}/cancel`)
      .set(await admin())
      .expect(200);
    const second = await online(k);
    const again = await eventually(async () => {
      const c = second.received.find((r) => r.command === 'configure');
      expect(c).toBeDefined();
      return c as WireCommand;
    });
    expect(again.command_id).not.toBe(delivered.command_id);
    expect(again.params.version).toBe(set.desiredVersion);
    await ack(second.socket, k, undefined); // without command_id: the oldest open configure
    await eventually(async () => expect((await getConfig(k.id)).appliedVersion).toBe(set.desiredVersion));
    second.socket.close();

    // Up to date: a join sends nothing more.
    const third = await online(k);
    await new Promise((r) => setTimeout(r, 500));
    expect(third.received.filter((c) => c.command === 'configure')).toEqual([]);
    third.socket.close();
  });

  it('never lowers appliedVersion: a superseded version’s late ack changes nothing', async () => {
    const k = await registerKiosk(t);
    const { socket, received } = await online(k);
    const v1 = (await putKiosk(k.id, { brightness: 10 })) as ConfigBody;
    const v2 = (await putKiosk(k.id, { brightness: 20 })) as ConfigBody;
    expect(v2.desiredVersion).toBeGreaterThan(v1.desiredVersion);
    const [c1, c2] = await eventually(async () => {
      const cs = received.filter((r) => r.command === 'configure');
      expect(cs.map((c) => c.params.version)).toEqual([v1.desiredVersion, v2.desiredVersion]);
      return cs;
    });
    await ack(socket, k, c2.command_id);
    await eventually(async () => expect((await getConfig(k.id)).appliedVersion).toBe(v2.desiredVersion));
    // The kiosk reports the older one done afterwards: it was superseded (cancelled), so it is a repeat.
    expect(await ack(socket, k, c1.command_id)).toMatchObject({ ok: true, duplicate: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(await getConfig(k.id)).toMatchObject({ appliedVersion: v2.desiredVersion, pending: null });
    const old = (
      await t
        .http()
        .get(`${API}/commands/${c1.command_id}`)
        .set(await admin())
        .expect(200)
    ).body;
    expect(old.status).toBe('cancelled');
  });

  it('an error ack leaves the kiosk behind, listed as drifting', async () => {
    const k = await registerKiosk(t, { tags: [tagName('cfg-err')] });
    const { socket, received } = await online(k);
    const set = (await putKiosk(k.id, { brightness: 300 })) as ConfigBody;
    const c = await eventually(async () => {
      const r = received.find((x) => x.command === 'configure');
      expect(r).toBeDefined();
      return r as WireCommand;
    });
    await emitWithAck(socket, 'kiosk_command_ack', {
      command_id: c.command_id,
      kiosk_id: k.id,
      command: 'configure',
      status: 'error',
      error: 'brightness out of range',
      timestamp: new Date().toISOString(),
    });
    await eventually(async () =>
      expect(await getConfig(k.id)).toMatchObject({
        appliedVersion: 0,
        pending: { commandId: c.command_id, version: set.desiredVersion, status: 'failed' },
      }),
    );
  });

  it('waits while a payment session is open and goes out when it ends; reaches a kiosk in maintenance', async () => {
    const k = await registerKiosk(t);
    const { socket, received } = await online(k);
    await emitWithAck(socket, 'kiosk_update', { ...kioskUpdate(1), session: { active: true } });
    await eventually(async () => {
      const [s] = await t.app
        .get(DataSource)
        .query(`SELECT active FROM kiosk_payment_sessions WHERE kiosk_id = $1`, [k.id]);
      expect(s?.active).toBe(true);
    });
    const set = (await putKiosk(k.id, { price_list_version: '2026-12-08' })) as ConfigBody;
    await eventually(async () =>
      expect((await getConfig(k.id)).pending).toMatchObject({
        version: set.desiredVersion,
        status: 'pending',
      }),
    );
    const [held] = await t.app
      .get(DataSource)
      .query(`SELECT hold_reason FROM kiosk_commands WHERE id = $1`, [set.pending?.commandId]);
    expect(held.hold_reason).toBe('held: a payment session is open on the kiosk');
    expect(received.filter((c) => c.command === 'configure')).toEqual([]);
    // The purchase is over: the held configure goes out.
    await emitWithAck(socket, 'kiosk_update', { ...kioskUpdate(2), session: { active: false } });
    await eventually(async () =>
      expect(received.filter((c) => c.command === 'configure').map((c) => c.command_id)).toEqual([
        set.pending?.commandId,
      ]),
    );

    // In maintenance (confirmed), a configure is still delivered.
    const m = await t
      .http()
      .post(`${API}/kiosks/${k.id}/commands`)
      .set(await admin())
      .send({ command: 'maintenance' })
      .expect(202);
    await eventually(async () => expect(received.some((c) => c.command_id === m.body.id)).toBe(true));
    await emitWithAck(socket, 'kiosk_command_ack', {
      command_id: m.body.id,
      kiosk_id: k.id,
      command: 'maintenance',
      status: 'success',
      timestamp: new Date().toISOString(),
    });
    await eventually(async () =>
      expect(
        (
          await t
            .http()
            .get(`${API}/kiosks/${k.id}`)
            .set(await admin())
        ).body.status,
      ).toBe('maintenance'),
    );
    const next = (await putKiosk(k.id, { price_list_version: '2026-12-09' })) as ConfigBody;
    await eventually(async () =>
      expect(
        received.some((c) => c.command === 'configure' && c.params.version === next.desiredVersion),
      ).toBe(true),
    );
  });

  it('a kiosk retagged onto a configured tag inherits its settings', async () => {
    const tag = tagName('cfg-retag');
    await putTag(tag, { kiosk_mode: 'vending' });
    const k = await registerKiosk(t);
    await t
      .http()
      .patch(`${API}/kiosks/${k.id}`)
      .set(await admin())
      .send({ tags: [tag] })
      .expect(200);
    await eventually(async () =>
      expect(await getConfig(k.id)).toMatchObject({ settings: { kiosk_mode: 'vending' }, appliedVersion: 0 }),
    );
    // Registered with it: the same.
    const k2 = await registerKiosk(t, { tags: [tag] });
    await eventually(async () =>
      expect((await getConfig(k2.id)).settings).toEqual({ kiosk_mode: 'vending' }),
    );
  });

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
