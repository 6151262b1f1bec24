import { CommandBus } from '@nestjs/cqrs';
import type { Socket } from 'socket.io-client';
import { Role } from '@app/contracts';
import { InventoryOutcome, RecordKioskInventoryCommand } from '@app/kiosk';
import { issueApiKey } from './support/api-keys';
import {
  assign,
  connectKiosk,
  emitWithAck,
  eventually,
  registerKiosk,
  RegisteredKiosk,
} from './support/kiosks';
import { API, startTestApp, TestApp } from './support/test-app';

const CAPS = {
  sensors: ['temperature', 'humidity'],
  peripherals: ['printer', 'card_reader'],
  features: ['payments_card'],
};

interface KioskBody {
  id: number;
  firmwareVersion: string | null;
  capabilities: typeof CAPS | null;
  assignedTo: string | null;
}

/**
 * Kiosk inventory (CONTRACT §8) on the real app with socket.io-client kiosks: what a join reports is
 * kept and shown, firmware changes make a history, lists filter by version in semver order, the
 * fleet summary counts what the caller may see, and the assignee or an admin can unassign.
 */
describe('kiosk inventory: firmware, capabilities, history, filters, summary, unassign', () => {
  let t: TestApp;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Kiosks here rejoin again and again to report new versions, faster than a real kiosk's
    // handshake budget allows (test/kiosk-handshake-limits.e2e-spec.ts covers that budget).
    t = await startTestApp({ env: { KIOSK_CONNECT_RATE_PER_MIN: '0' } });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  /** Connects, joins with `payload` and closes the socket; answers the join's ack. */
  async function join(
    k: RegisteredKiosk,
    payload: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const socket = await connectKiosk(t, k);
    sockets.push(socket);
    try {
      return await emitWithAck(socket, 'kiosk_join', payload);
    } finally {
      socket.close();
    }
  }

  async function getKiosk(id: number): Promise<KioskBody> {
    const res = await t
      .http()
      .get(`${API}/kiosks/${id}`)
      .set((await t.admin()).auth)
      .expect(200);
    return res.body as KioskBody;
  }

  async function history(
    id: number,
    query = '',
  ): Promise<{ items: Array<{ firmwareVersion: string }>; nextCursor: string | null }> {
    const res = await t
      .http()
      .get(`${API}/kiosks/${id}/firmware-history${query}`)
      .set((await t.admin()).auth)
      .expect(200);
    return res.body;
  }

  /** Joins and waits until the kiosk resource shows `version` (recorded after the ack). */
  async function joinWith(k: RegisteredKiosk, version: string | undefined, caps = CAPS): Promise<void> {
    const ack = await join(
      k,
      version === undefined ? { capabilities: caps } : { capabilities: caps, firmware_version: version },
    );
    expect(ack).toMatchObject({ ok: true, kiosk_id: k.id });
    await eventually(async () => {
      const body = await getKiosk(k.id);
      expect(body.capabilities).toEqual(caps);
      if (version) expect(body.firmwareVersion).toBe(version);
    });
  }

  it('shows firmwareVersion and capabilities after a join, null before any', async () => {
    const k = await registerKiosk(t);
    expect(await getKiosk(k.id)).toMatchObject({ firmwareVersion: null, capabilities: null });
    expect((await history(k.id)).items).toEqual([]);
    await joinWith(k, '2.3.0');
    expect(await getKiosk(k.id)).toMatchObject({ firmwareVersion: '2.3.0', capabilities: CAPS });
    const h = await history(k.id);
    expect(h.items).toEqual([{ firmwareVersion: '2.3.0', firstReportedAt: expect.any(String) }]);
    expect(h.nextCursor).toBeNull();
  });

  it('adds one history row when the version changes and none when it repeats or is left out', async () => {
    const k = await registerKiosk(t);
    await joinWith(k, '2.3.0');
    await joinWith(k, '2.4.0-rc.1');
    await joinWith(k, '2.4.0-rc.1');
    const newCaps = { sensors: ['temperature'], peripherals: [], features: ['payments_cash'] };
    await joinWith(k, undefined, newCaps); // no firmware_version: the version on record stays
    expect(await getKiosk(k.id)).toMatchObject({ firmwareVersion: '2.4.0-rc.1', capabilities: newCaps });
    const emptyCaps = { sensors: [], peripherals: [], features: [] };
    await joinWith(k, '', emptyCaps); // an empty one names no version either
    expect(await getKiosk(k.id)).toMatchObject({ firmwareVersion: '2.4.0-rc.1', capabilities: emptyCaps });
    await joinWith(k, '2.4.0');
    // Settle: a late write of the repeat would show up as an extra row.
    await new Promise((r) => setTimeout(r, 300));
    const all = await history(k.id);
    expect(all.items.map((i) => i.firmwareVersion)).toEqual(['2.4.0', '2.4.0-rc.1', '2.3.0']);
    // Paged newest first, by cursor.
    const first = await history(k.id, '?limit=2');
    expect(first.items.map((i) => i.firmwareVersion)).toEqual(['2.4.0', '2.4.0-rc.1']);
    const second = await history(k.id, `?limit=2&cursor=${encodeURIComponent(first.nextCursor as string)}`);
    expect(second.items.map((i) => i.firmwareVersion)).toEqual(['2.3.0']);
    expect(second.nextCursor).toBeNull();
  });

  it('two sockets of one kiosk joining with a new version at once add exactly one history row', async () => {
    const k = await registerKiosk(t);
    await joinWith(k, '1.0.0');
    const pair = await Promise.all([connectKiosk(t, k), connectKiosk(t, k)]);
    sockets.push(...pair);
    // One socket per kiosk: one of the two may be closed before it joins; the other one joins.
    await Promise.allSettled(
      pair.map((s) => emitWithAck(s, 'kiosk_join', { capabilities: CAPS, firmware_version: '1.1.0' }, 2000)),
    );
    for (const s of pair) s.close();
    await eventually(async () => expect((await getKiosk(k.id)).firmwareVersion).toBe('1.1.0'));
    await new Promise((r) => setTimeout(r, 300));
    expect((await history(k.id)).items.map((i) => i.firmwareVersion)).toEqual(['1.1.0', '1.0.0']);
  });

  it('twenty concurrent reports of a new version add exactly one history row', async () => {
    const k = await registerKiosk(t);
    await joinWith(k, '1.0.0');
    const bus = t.app.get(CommandBus);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        bus.execute<RecordKioskInventoryCommand, InventoryOutcome>(
          new RecordKioskInventoryCommand(k.id, '1.2.0', CAPS),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'firmware_changed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'unchanged')).toHaveLength(19);
    expect((await history(k.id)).items.map((i) => i.firmwareVersion)).toEqual(['1.2.0', '1.0.0']);
    expect(await getKiosk(k.id)).toMatchObject({ firmwareVersion: '1.2.0', capabilities: CAPS });
  });

  it('filters by exact firmwareVersion and by firmwareBelow in semver order', async () => {
    const tag = `fw-${Date.now()}`;
    const versions = [
      '2.2.9',
      '2.3.0-rc.1',
      '2.3.0',
      '2.3.0+build.5',
      '2.10.0',
      'legacy-7',
      'v2.0.0',
      undefined,
    ];
    const kiosks: Array<{ k: RegisteredKiosk; v: string | undefined }> = [];
    for (const v of versions) {
      const k = await registerKiosk(t, { tags: [tag] });
      if (v !== undefined) await joinWith(k, v);
      kiosks.push({ k, v });
    }
    const admin = await t.admin();
    const list = async (query: string) => {
      const res = await t.http().get(`${API}/kiosks?tag=${tag}&${query}`).set(admin.auth).expect(200);
      return (res.body.items as KioskBody[]).map((i) => i.firmwareVersion).sort();
    };
    expect(await list('firmwareBelow=2.3.0')).toEqual(['2.2.9', '2.3.0-rc.1']);
    expect(await list('firmwareBelow=2.3.0-rc.2')).toEqual(['2.2.9', '2.3.0-rc.1']);
    expect(await list('firmwareBelow=2.3.1')).toEqual(['2.2.9', '2.3.0', '2.3.0+build.5', '2.3.0-rc.1']);
    // 2.10.0 > 2.3.0 numerically; non-semver versions (legacy-7, v2.0.0) and none are never "below".
    expect(await list('firmwareBelow=99.0.0')).toEqual([
      '2.10.0',
      '2.2.9',
      '2.3.0',
      '2.3.0+build.5',
      '2.3.0-rc.1',
    ]);
    expect(await list('firmwareBelow=0.0.1')).toEqual([]);
    expect(await list('firmwareVersion=legacy-7')).toEqual(['legacy-7']);
    expect(await list('firmwareVersion=2.3.0')).toEqual(['2.3.0']);
    expect(await list('firmwareVersion=2.3.0&firmwareBelow=2.3.0')).toEqual([]);
  });

  it.each([
    ['garbage', 'firmwareBelow'],
    ['v2.3.0', 'firmwareBelow'],
    ['2.3', 'firmwareBelow'],
    ['02.3.0', 'firmwareBelow'],
    [`2.3.0-${'a'.repeat(70)}`, 'firmwareBelow'],
  ])('answers 400 with details for firmwareBelow=%p', async (value, field) => {
    const res = await t
      .http()
      .get(`${API}/kiosks?firmwareBelow=${encodeURIComponent(value)}`)
      .set((await t.admin()).auth)
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field, message: expect.stringContaining('semantic version') }),
      ]),
    );
  });

  it('answers 400 for an over-long firmwareVersion filter, a repeated one, and a bad history cursor', async () => {
    const admin = await t.admin();
    const long = await t
      .http()
      .get(`${API}/kiosks?firmwareVersion=${'9'.repeat(65)}`)
      .set(admin.auth)
      .expect(400);
    expect(long.body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'firmwareVersion' })]),
    );
    await t.http().get(`${API}/kiosks?firmwareBelow=1.0.0&firmwareBelow=2.0.0`).set(admin.auth).expect(400);
    const k = await registerKiosk(t);
    const badCursor = Buffer.from(JSON.stringify({ k: 'yesterday', id: '1' })).toString('base64url');
    const res = await t
      .http()
      .get(`${API}/kiosks/${k.id}/firmware-history?cursor=${badCursor}`)
      .set(admin.auth)
      .expect(400);
    expect(res.body.details).toEqual([{ field: 'cursor', message: 'invalid cursor' }]);
  });

  it('counts the fleet by version; operators and API keys count only the kiosks they see', async () => {
    const tag = `sum-${Date.now()}`;
    const operator = await t.userWithRole(Role.Operator);
    const admin = await t.admin();
    const mine: RegisteredKiosk[] = [];
    for (const v of ['3.0.0', '3.0.0', '3.1.0-beta.1', 'custom']) {
      const k = await registerKiosk(t, { tags: [tag] });
      await joinWith(k, v);
      await assign(t, k, operator);
      mine.push(k);
    }
    const silent = await registerKiosk(t, { tags: [tag] });
    await assign(t, silent, operator);
    // Someone else's kiosk, and a decommissioned one of the operator's: neither is counted for them.
    await joinWith(await registerKiosk(t), '3.0.0');
    const gone = await registerKiosk(t, { tags: [tag] });
    await joinWith(gone, '3.0.0');
    await assign(t, gone, operator);
    await t.http().delete(`${API}/kiosks/${gone.id}`).set(admin.auth).expect(204);

    const expected = {
      versions: [
        { version: '3.1.0-beta.1', semver: true, count: 1 },
        { version: '3.0.0', semver: true, count: 2 },
        { version: 'custom', semver: false, count: 1 },
        { version: null, semver: false, count: 1 },
      ],
      total: 5,
    };
    const ofOperator = await t.http().get(`${API}/kiosks/firmware-summary`).set(operator.auth).expect(200);
    expect(ofOperator.body).toEqual(expected);
    const key = await issueApiKey(t, { role: 'viewer', tags: [tag] });
    const ofKey = await t.http().get(`${API}/kiosks/firmware-summary`).set(key.auth).expect(200);
    expect(ofKey.body).toEqual(expected);
    const viewer = await t.userWithRole(Role.Viewer);
    const ofViewer = await t.http().get(`${API}/kiosks/firmware-summary`).set(viewer.auth).expect(200);
    expect(ofViewer.body).toEqual({ versions: [], total: 0 });
    const ofAdmin = await t.http().get(`${API}/kiosks/firmware-summary`).set(admin.auth).expect(200);
    const adminCount = (v: string | null) =>
      (ofAdmin.body.versions as Array<{ version: string | null; count: number }>).find((x) => x.version === v)
        ?.count;
    expect(adminCount('3.0.0')).toBeGreaterThanOrEqual(3);
    expect(ofAdmin.body.total).toBeGreaterThanOrEqual(6);
    await t.http().get(`${API}/kiosks/firmware-summary`).expect(401);
  });

  it('firmware history follows kiosk visibility: 404 for a kiosk the caller cannot see', async () => {
    const k = await registerKiosk(t, { tags: ['hist-vis'] });
    await joinWith(k, '1.2.3');
    const stranger = await t.userWithRole(Role.Operator);
    await t.http().get(`${API}/kiosks/${k.id}/firmware-history`).set(stranger.auth).expect(404);
    const otherKey = await issueApiKey(t, { role: 'viewer', tags: ['elsewhere'] });
    await t.http().get(`${API}/kiosks/${k.id}/firmware-history`).set(otherKey.auth).expect(404);
    const key = await issueApiKey(t, { role: 'viewer', tags: ['hist-vis'] });
    const res = await t.http().get(`${API}/kiosks/${k.id}/firmware-history`).set(key.auth).expect(200);
    expect(res.body.items.map((i: { firmwareVersion: string }) => i.firmwareVersion)).toEqual(['1.2.3']);
    await t
      .http()
      .get(`${API}/kiosks/987654/firmware-history`)
      .set((await t.admin()).auth)
      .expect(404);
  });

  describe('unassign', () => {
    it('an admin unassigns any kiosk; unassigning an unassigned one answers 200 and changes nothing', async () => {
      const admin = await t.admin();
      const operator = await t.userWithRole(Role.Operator);
      const k = await registerKiosk(t);
      await assign(t, k, operator);
      const res = await t.http().post(`${API}/kiosks/${k.id}/unassign`).set(admin.auth).expect(200);
      expect(res.body).toMatchObject({ id: k.id, assignedTo: null });
      expect((await getKiosk(k.id)).assignedTo).toBeNull();
      await t.http().get(`${API}/kiosks/${k.id}`).set(operator.auth).expect(404);
      const again = await t.http().post(`${API}/kiosks/${k.id}/unassign`).set(admin.auth).expect(200);
      expect(again.body).toMatchObject({ id: k.id, assignedTo: null });
    });

    it.each([Role.Operator, Role.Viewer])(
      'the assignee (%s) unassigns their own kiosk, and then no longer sees it',
      async (role) => {
        const admin = await t.admin();
        const user = await t.userWithRole(role);
        const k = await registerKiosk(t);
        await t.http().post(`${API}/kiosks/assign`).set(user.auth).send({ code: k.code }).expect(200);
        const res = await t.http().post(`${API}/kiosks/${k.id}/unassign`).set(user.auth).expect(200);
        expect(res.body).toMatchObject({ id: k.id, assignedTo: null });
        await t.http().get(`${API}/kiosks/${k.id}`).set(user.auth).expect(404);
        await t.http().post(`${API}/kiosks/${k.id}/unassign`).set(user.auth).expect(404);
        // Free again: anyone may claim it.
        const other = await t.userWithRole(Role.Operator);
        await t.http().post(`${API}/kiosks/assign`).set(other.auth).send({ code: k.code }).expect(200);
        expect((await getKiosk(k.id)).assignedTo).toBe(other.id);
        void admin;
      },
    );

    it('another operator gets 404 (cannot see it); an API key that sees it by tag gets 403; the assignment stays', async () => {
      const admin = await t.admin();
      const owner = await t.userWithRole(Role.Operator);
      const k = await registerKiosk(t, { tags: ['unassign-key'] });
      await t.http().post(`${API}/kiosks/assign`).set(owner.auth).send({ code: k.code }).expect(200);
      const other = await t.userWithRole(Role.Operator);
      const notFound = await t.http().post(`${API}/kiosks/${k.id}/unassign`).set(other.auth).expect(404);
      expect(notFound.body.message).toBe('Kiosk not found');
      const key = await issueApiKey(t, { role: 'operator', tags: ['unassign-key'] });
      const forbidden = await t.http().post(`${API}/kiosks/${k.id}/unassign`).set(key.auth).expect(403);
      expect(forbidden.body.message).toContain('admin or the assignee');
      const blindKey = await issueApiKey(t, { role: 'operator', tags: ['nothing-here'] });
      await t.http().post(`${API}/kiosks/${k.id}/unassign`).set(blindKey.auth).expect(404);
      expect((await getKiosk(k.id)).assignedTo).toBe(owner.id);
      await t.http().post(`${API}/kiosks/987654/unassign`).set(admin.auth).expect(404);
      await t.http().post(`${API}/kiosks/abc/unassign`).set(admin.auth).expect(400);
      await t.http().post(`${API}/kiosks/${k.id}/unassign`).expect(401);
    });
  });

  describe('hostile join values are refused by the wire and never stored', () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['an over-long firmware_version', { capabilities: CAPS, firmware_version: '9'.repeat(65) }],
      ['a numeric firmware_version', { capabilities: CAPS, firmware_version: 230 }],
      ['a NUL in firmware_version', { capabilities: CAPS, firmware_version: '6.6.6\u0000' }],
      ['a lone surrogate in firmware_version', { capabilities: CAPS, firmware_version: '6.6.6\ud800' }],
      [
        '65 sensors',
        {
          capabilities: { ...CAPS, sensors: Array.from({ length: 65 }, (_, i) => `s${i}`) },
          firmware_version: '6.6.6',
        },
      ],
      [
        'an over-long feature',
        { capabilities: { ...CAPS, features: ['f'.repeat(65)] }, firmware_version: '6.6.6' },
      ],
      [
        'a non-string peripheral',
        { capabilities: { ...CAPS, peripherals: [{ deep: [1] }] }, firmware_version: '6.6.6' },
      ],
      ['an empty capability name', { capabilities: { ...CAPS, sensors: [''] }, firmware_version: '6.6.6' }],
      ['capabilities as a list', { capabilities: ['printer'], firmware_version: '6.6.6' }],
    ];
    it.each(cases)('%s: invalid_payload, inventory and history unchanged', async (_, payload) => {
      const k = await registerKiosk(t);
      await joinWith(k, '1.0.0');
      const ack = await join(k, payload);
      expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      // A valid join afterwards is recorded; had the bad one been stored, it would show before this.
      await joinWith(k, '1.0.1');
      expect(await getKiosk(k.id)).toMatchObject({ firmwareVersion: '1.0.1', capabilities: CAPS });
      expect((await history(k.id)).items.map((i) => i.firmwareVersion)).toEqual(['1.0.1', '1.0.0']);
    });

    it('a join over the 16 KB message limit is payload_too_large and not stored', async () => {
      const k = await registerKiosk(t);
      await joinWith(k, '1.0.0');
      const ack = await join(k, {
        capabilities: CAPS,
        firmware_version: '7.7.7',
        padding: 'x'.repeat(17_000),
      });
      expect(ack).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
      await new Promise((r) => setTimeout(r, 300));
      expect((await getKiosk(k.id)).firmwareVersion).toBe('1.0.0');
      expect((await history(k.id)).items).toHaveLength(1);
    });

    it('counts inventory reports in /metrics', async () => {
      const res = await t.http().get('/metrics').expect(200);
      expect(res.text).toMatch(/kiosk_inventory_reports_total\{result="firmware_changed"\} [1-9]/);
      expect(res.text).toMatch(/kiosk_inventory_reports_total\{result="unchanged"\} [1-9]/);
    });
  });
});
