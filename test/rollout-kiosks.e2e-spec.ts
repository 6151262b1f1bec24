import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Role } from '@app/contracts';
import { assign, eventually } from './support/kiosks';
import {
  FROM_VERSION,
  getRollout,
  registerSiteKiosk,
  rolloutAction,
  rolloutBody,
  UpdatingKiosk,
} from './support/rollouts';
import { API, Session, startTestApp, TestApp } from './support/test-app';

interface RolloutKiosk {
  kioskId: number;
  serial: string;
  wave: number;
  status: string;
  detail: string | null;
  commandId: string | null;
  rejoinedAt: string | null;
  updatedAt: string;
}

interface KioskPage {
  items: RolloutKiosk[];
  nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * `GET /rollouts/{id}/kiosks` (issue 20) on the real app: after a wave with failures an operator
 * learns which kiosks failed and why and which are still out, filtered by state and wave, page by
 * page, limited to the kiosks they may see; hostile parameters answer 400, an unknown rollout 404.
 *
 * One rollout of ten kiosks at one site (the plan orders them by id: the first five are wave 0):
 * kiosks 0 and 1 ack `error` (0 saying why, 1 not), kiosk 5 acks `success` but comes back on its
 * old firmware, kiosk 9 never connects (its command stays out), the rest update. A threshold of 0.5
 * keeps it running.
 */
describe('rollouts: the kiosks of a rollout', () => {
  let t: TestApp;
  let admin: Session;
  let rolloutId: string;
  let ten: UpdatingKiosk[];

  const kioskIds = (items: RolloutKiosk[]) => items.map((i) => i.kioskId);
  const idsOf = (...indexes: number[]) => indexes.map((i) => ten[i].kiosk.id);

  async function list(query: string, session: Session = admin, rollout = rolloutId): Promise<KioskPage> {
    const res = await t.http().get(`${API}/rollouts/${rollout}/kiosks${query}`).set(session.auth).expect(200);
    return res.body as KioskPage;
  }

  async function allPages(query: string, limit: number): Promise<{ items: RolloutKiosk[]; pages: number }> {
    const items: RolloutKiosk[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = query ? '&' : '?';
      const page = await list(
        `${query}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    return { items, pages };
  }

  beforeAll(async () => {
    // Kiosks restart and rejoin on every update, faster than a real kiosk's handshake budget allows.
    t = await startTestApp({ env: { KIOSK_CONNECT_RATE_PER_MIN: '0', ROLLOUT_TICK_MS: '100' } });
    admin = await t.admin();
    const tag = 'rk-list';
    ten = [];
    for (let i = 0; i < 10; i++) {
      ten.push(new UpdatingKiosk(() => t.baseUrl, await registerSiteKiosk(t, 3, tag)));
    }
    ten[0].outcome = 'error';
    ten[1].outcome = 'error';
    ten[1].errorMessage = undefined;
    ten[5].outcome = 'old_version';
    await Promise.all(ten.slice(0, 9).map((k) => k.connect()));
    const created = await t
      .http()
      .post(`${API}/rollouts`)
      .set(admin.auth)
      .send(rolloutBody({ tag }, { waves: [50, 50], failureThreshold: 0.5 }))
      .expect(201);
    rolloutId = created.body.id as string;

    // Before the start nobody is commanded: all ten wait, with neither command nor reason.
    const draft = await list('');
    expect(draft.items.map((i) => [i.status, i.commandId, i.detail])).toEqual(
      Array(10).fill(['waiting', null, null]),
    );

    await rolloutAction(t, rolloutId, 'start');
    await eventually(async () => {
      const r = await getRollout(t, rolloutId);
      expect(r.waves[0]).toMatchObject({ succeeded: 3, failed: 2, pending: 0 });
      expect(r.waves[1]).toMatchObject({ succeeded: 3, failed: 1, pending: 1 });
    }, 20_000);
  }, 60_000);

  afterAll(async () => {
    for (const k of ten ?? []) k.retire();
    await t?.close();
  });

  it('after a wave with failures, lists every kiosk with its wave, state, reason and command', async () => {
    const all = await list('?limit=200');
    expect(all.nextCursor).toBeNull();
    // Wave order, then the plan's order within the wave (by id at one site).
    expect(kioskIds(all.items)).toEqual(idsOf(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    expect(all.items.map((i) => i.serial)).toEqual(ten.map((k) => k.kiosk.serial));
    expect(all.items.map((i) => [i.wave, i.status, i.detail])).toEqual([
      // The kiosk's own reason when it gave one, the generic text when it did not.
      [0, 'failed', 'the kiosk answered error: checksum mismatch'],
      [0, 'failed', 'the kiosk answered error'],
      [0, 'succeeded', null],
      [0, 'succeeded', null],
      [0, 'succeeded', null],
      [1, 'failed', `acked success but rejoined on ${FROM_VERSION}`],
      [1, 'succeeded', null],
      [1, 'succeeded', null],
      [1, 'succeeded', null],
      [1, 'commanded', null],
    ]);
    // Every kiosk was sent its update: the item names the command the kiosk received.
    all.items.forEach((item, i) => {
      expect(item.commandId).toMatch(UUID);
      expect(ten[i].updates.map((u) => u.command_id)).toEqual(i === 9 ? [] : [item.commandId]);
    });
    // The command itself reads back with the rollout's params, sha256 included (the response is
    // checked against openapi.json, as every response of the suite).
    const command = await t
      .http()
      .get(`${API}/commands/${all.items[0].commandId}`)
      .set(admin.auth)
      .expect(200);
    expect(command.body.params).toEqual(
      expect.objectContaining({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/i) }),
    );
    // Only kiosks that came back on the rollout's version carry a rejoin time.
    expect(all.items.map((i) => i.rejoinedAt !== null)).toEqual([
      false,
      false,
      true,
      true,
      true,
      false,
      true,
      true,
      true,
      false,
    ]);
    for (const i of all.items) expect(Number.isNaN(Date.parse(i.updatedAt))).toBe(false);
  });

  it('filters by state and by wave, alone and together, consistent with the wave counts', async () => {
    const failed = await list('?status=failed');
    expect(kioskIds(failed.items)).toEqual(idsOf(0, 1, 5));
    expect(failed.items.every((i) => i.status === 'failed' && i.detail)).toBe(true);

    expect(kioskIds((await list('?status=failed&wave=0')).items)).toEqual(idsOf(0, 1));
    expect(kioskIds((await list('?status=failed&wave=1')).items)).toEqual(idsOf(5));
    expect(kioskIds((await list('?wave=1')).items)).toEqual(idsOf(5, 6, 7, 8, 9));
    expect(kioskIds((await list('?status=succeeded&wave=1')).items)).toEqual(idsOf(6, 7, 8));

    // Still out: kiosk 9 has its command and no answer; nothing waits, acks half-done or was skipped.
    const out = await list('?status=commanded');
    expect(out.items).toEqual([
      expect.objectContaining({ kioskId: ten[9].kiosk.id, wave: 1, detail: null, rejoinedAt: null }),
    ]);
    expect(out.items[0].commandId).toMatch(UUID);
    for (const status of ['waiting', 'acked', 'skipped']) {
      expect({ status, items: (await list(`?status=${status}`)).items }).toEqual({ status, items: [] });
    }
    // A wave the rollout does not have is simply empty.
    expect((await list('?wave=5')).items).toEqual([]);

    const rollout = await getRollout(t, rolloutId);
    for (const w of rollout.waves) {
      const count = async (status: string) => (await list(`?wave=${w.index}&status=${status}`)).items.length;
      expect([await count('succeeded'), await count('failed')]).toEqual([w.succeeded, w.failed]);
      const pending = (await count('waiting')) + (await count('commanded')) + (await count('acked'));
      expect(pending).toBe(w.pending);
    }
  });

  it('pages through the list with the cursor: every kiosk once, in order, the last page says so', async () => {
    const whole = await allPages('', 3);
    expect(whole.pages).toBe(4);
    expect(kioskIds(whole.items)).toEqual(idsOf(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));

    // Exactly two pages' worth: the second page ends the list (no empty third page).
    const succeeded = await allPages('?status=succeeded', 3);
    expect(succeeded.pages).toBe(2);
    expect(kioskIds(succeeded.items)).toEqual(idsOf(2, 3, 4, 6, 7, 8));

    // A filter applies to every page, the cursor only says where the previous one stopped.
    const first = await list('?wave=1&limit=2');
    expect(kioskIds(first.items)).toEqual(idsOf(5, 6));
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(`?wave=1&limit=2&cursor=${encodeURIComponent(first.nextCursor as string)}`);
    expect(kioskIds(second.items)).toEqual(idsOf(7, 8));
    const failedAfter = await list(`?status=failed&cursor=${encodeURIComponent(first.nextCursor as string)}`);
    expect(failedAfter).toEqual({ items: [], nextCursor: null });

    const one = await list('?limit=1');
    expect(kioskIds(one.items)).toEqual(idsOf(0));
    expect(one.nextCursor).toEqual(expect.any(String));
  });

  it('an operator sees only the kiosks they may see; a viewer may not list; an API key sees its tags', async () => {
    const operator = await t.userWithRole(Role.Operator);
    await assign(t, ten[1].kiosk, operator);
    await assign(t, ten[6].kiosk, operator);
    await assign(t, ten[9].kiosk, operator);

    const mine = await list('', operator);
    expect(kioskIds(mine.items)).toEqual(idsOf(1, 6, 9));
    expect(kioskIds((await list('?status=failed', operator)).items)).toEqual(idsOf(1));
    expect(kioskIds((await list('?wave=1', operator)).items)).toEqual(idsOf(6, 9));
    const paged = await list('?limit=2', operator);
    expect(kioskIds(paged.items)).toEqual(idsOf(1, 6));
    const rest = await list(`?limit=2&cursor=${encodeURIComponent(paged.nextCursor as string)}`, operator);
    expect(rest).toEqual({
      items: [expect.objectContaining({ kioskId: ten[9].kiosk.id })],
      nextCursor: null,
    });

    // An operator with no kiosk of the rollout reads it (GET /rollouts/{id} is fleet-wide) but no kiosk.
    const stranger = await t.userWithRole(Role.Operator);
    await t.http().get(`${API}/rollouts/${rolloutId}`).set(stranger.auth).expect(200);
    expect(await list('', stranger)).toEqual({ items: [], nextCursor: null });

    const viewer = await t.userWithRole(Role.Viewer);
    await t.http().get(`${API}/rollouts/${rolloutId}/kiosks`).set(viewer.auth).expect(403);
    await t.http().get(`${API}/rollouts/${rolloutId}/kiosks`).expect(401);

    // An operator API key sees the kiosks carrying its tags: all ten carry `rk-list`.
    const key = await t
      .http()
      .post(`${API}/api-keys`)
      .set(admin.auth)
      .send({ name: 'rollout reader', role: 'operator', tags: ['rk-list'] })
      .expect(201);
    const byKey = await t
      .http()
      .get(`${API}/rollouts/${rolloutId}/kiosks?status=failed`)
      .set('X-API-Key', key.body.key as string)
      .expect(200);
    expect(kioskIds((byKey.body as KioskPage).items)).toEqual(idsOf(0, 1, 5));
    const otherKey = await t
      .http()
      .post(`${API}/api-keys`)
      .set(admin.auth)
      .send({ name: 'elsewhere', role: 'operator', tags: ['rk-elsewhere'] })
      .expect(201);
    const none = await t
      .http()
      .get(`${API}/rollouts/${rolloutId}/kiosks`)
      .set('X-API-Key', otherKey.body.key as string)
      .expect(200);
    expect(none.body).toEqual({ items: [], nextCursor: null });
  });

  it('a failure whose event was missed (an API restart in between) is caught up with the kiosk’s reason', async () => {
    // The rows as they were before the command events arrived: only the engine's catch-up from the
    // command log (GetKioskCommandStatusesQuery) can move them now, the acks were recorded long ago.
    const reopened = await t.app.get(DataSource).query(
      `UPDATE rollout_kiosks SET state = 'commanded', detail = NULL
        WHERE rollout_id = $1 AND kiosk_id = ANY ($2::int[]) RETURNING kiosk_id`,
      [rolloutId, idsOf(0, 1)],
    );
    expect(reopened).toHaveLength(2);
    await eventually(async () => {
      const failed = await list('?status=failed&wave=0');
      expect(failed.items.map((i) => [i.kioskId, i.detail])).toEqual([
        [ten[0].kiosk.id, 'the kiosk answered error: checksum mismatch'],
        [ten[1].kiosk.id, 'the kiosk answered error'],
      ]);
    }, 10_000);
    expect((await getRollout(t, rolloutId)).waves[0]).toMatchObject({ succeeded: 3, failed: 2, pending: 0 });
  });

  it('answers hostile parameters 400 naming the field, an unknown rollout 404', async () => {
    const cursorOf = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const bad: Array<[string, string]> = [
      ['status=bogus', 'status'],
      // The wave counts' word, not a stored state.
      ['status=pending', 'status'],
      ['status=FAILED', 'status'],
      ['status=failed&status=succeeded', 'status'],
      ['wave=-1', 'wave'],
      ['wave=1e9', 'wave'],
      ['wave=1000000000', 'wave'],
      ['wave=20', 'wave'],
      ['wave=1.5', 'wave'],
      ['wave=abc', 'wave'],
      ['wave=', 'wave'],
      ['limit=100000', 'limit'],
      ['limit=0', 'limit'],
      ['limit=-5', 'limit'],
      ['cursor=%25%25%25', 'cursor'],
      ['cursor=not-a-cursor', 'cursor'],
      [`cursor=${'a'.repeat(600)}`, 'cursor'],
      [`cursor=${cursorOf({ k: 'x', id: 1 })}`, 'cursor'],
      [`cursor=${cursorOf({ k: 0, id: -1 })}`, 'cursor'],
      [`cursor=${cursorOf({ k: 0.5, id: 1 })}`, 'cursor'],
      [`cursor=${cursorOf({ k: 1e12, id: 1 })}`, 'cursor'],
      ['kioskId=1', 'kioskId'],
    ];
    for (const [query, field] of bad) {
      const res = await t.http().get(`${API}/rollouts/${rolloutId}/kiosks?${query}`).set(admin.auth);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect({ query, body: res.body }).toEqual({
        query,
        body: expect.objectContaining({
          statusCode: 400,
          error: 'Bad Request',
          details: expect.arrayContaining([expect.objectContaining({ field })]),
        }),
      });
    }

    const notUuid = await t.http().get(`${API}/rollouts/not-a-uuid/kiosks`).set(admin.auth).expect(400);
    expect(notUuid.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    await t.http().get(`${API}/rollouts/${rolloutId.toUpperCase()}x/kiosks`).set(admin.auth).expect(400);

    const unknown = await t.http().get(`${API}/rollouts/${randomUUID()}/kiosks`).set(admin.auth).expect(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, message: 'Rollout not found' });
    // Unknown for an operator too, and a bad cursor is still 400 before anything is looked up.
    const operator = await t.userWithRole(Role.Operator);
    await t.http().get(`${API}/rollouts/${randomUUID()}/kiosks`).set(operator.auth).expect(404);
    await t
      .http()
      .get(`${API}/rollouts/${randomUUID()}/kiosks?cursor=${cursorOf({ k: 'x', id: 'y' })}`)
      .set(operator.auth)
      .expect(400);
  });
});
