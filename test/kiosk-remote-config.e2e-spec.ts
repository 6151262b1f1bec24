import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { ConfigBody, configRoutes, tagName, WireCommand } from './support/kiosk-configs';
import {
  connectKiosk,
  emitWithAck,
  eventually,
  kioskUpdate,
  registerKiosk,
  RegisteredKiosk,
} from './support/kiosks';
import { API, startTestApp, TestApp } from './support/test-app';

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

/**
 * Remote configuration (CONTRACT §8) on the real app with socket.io-client kiosks: tag and kiosk
 * settings merge into a versioned desired config, `configure` goes out on change and on join (held
 * by payment sessions like other commands), a success ack sets the applied version (never
 * backwards) and clears the drift. Roles and hostile input: kiosk-remote-config-input.e2e-spec.ts.
 */
describe('remote configuration: desired vs applied', () => {
  let t: TestApp;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // The worker sends a tag change's `configure` commands, after the request answered.
    t = await startTestApp({ withWorker: true, env: { KIOSK_CONNECT_RATE_PER_MIN: '0' } });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  const api = () => configRoutes(t);
  const admin = () => api().admin();
  const putTag = (tag: string, settings: unknown, status = 200) => api().putTag(tag, settings, status);
  const putKiosk = (id: number, settings: unknown, status = 200) => api().putKiosk(id, settings, status);
  const getConfig = (id: number) => api().getConfig(id);
  const driftIds = (tag: string, drift: boolean) => api().driftIds(tag, drift);

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
    // The desired version is there when the request answers; its configure follows from the worker.
    const v1 = await getConfig(k.id);
    expect(v1).toMatchObject({ settings: { x: 1, y: 1, display: { p: 1 } }, appliedVersion: 0 });
    expect(v1.desiredVersion).toBeGreaterThan(0);
    await eventually(async () =>
      expect((await getConfig(k.id)).pending).toMatchObject({
        version: v1.desiredVersion,
        status: 'pending',
      }),
    );

    await putTag(b, { y: 2, z: 2 });
    const v2 = await getConfig(k.id);
    expect(v2.settings).toEqual({ x: 1, y: 2, z: 2, display: { p: 1 } });
    expect(v2.desiredVersion).toBeGreaterThan(v1.desiredVersion);
    await eventually(async () =>
      expect((await getConfig(k.id)).pending).toMatchObject({
        version: v2.desiredVersion,
        status: 'pending',
      }),
    );

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
});
