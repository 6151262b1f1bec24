import { randomBytes } from 'node:crypto';
import { Socket } from 'socket.io-client';
import {
  ALERT_TEST_MODULES,
  alertsOf,
  connectAlertFeed,
  createRule,
  dataSourceOf,
  disableSeededRules,
} from './support/alerts';
import {
  connectKiosk,
  emitWithAck,
  eventually,
  joinedKiosk,
  kioskUpdate,
  registerKiosk,
} from './support/kiosks';
import { API, closeTwoInstances, startTwoInstances, TestApp } from './support/test-app';

const hot = (seq: number, at: Date) =>
  kioskUpdate(seq, { hardware: { cpu_temp: 97.5, cpu_usage: 41.0, ram_usage: 63.2, disk_usage: 71.9 } }, at);

describe('alerts across two API instances (one database, one Redis)', () => {
  const prefix = `test:alert2-${randomBytes(3).toString('hex')}:`;
  // Tiny batches: the readings of one kiosk reach the database in many concurrent writes.
  const env = {
    REDIS_KEY_PREFIX: prefix,
    ENABLED_MODULES: ALERT_TEST_MODULES,
    TELEMETRY_FLUSH_MS: '1',
    ALERT_ESCALATION_STEPS_SEC: '1,2',
    // Ten sockets of one kiosk race their readings here; by default a kiosk's newest socket closes
    // its older ones (CONTRACT.md §8), which would leave one, and its handshakes are rate-limited.
    KIOSK_ONE_SOCKET_PER_KIOSK: 'false',
    KIOSK_CONNECT_RATE_PER_MIN: '0',
  };
  let a: TestApp;
  let b: TestApp;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    [a, b] = await startTwoInstances(env);
    await disableSeededRules(a);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await closeTwoInstances(a, b, prefix);
  });

  it('50 concurrent breaching readings through both instances make exactly one alert', async () => {
    const k = await registerKiosk(a);
    // A rule created on A is evaluated on B at once (announced over Redis).
    const ruleId = await createRule(a, {
      name: 'CPU overheating (race)',
      scope: { kind: 'kiosk', value: k.id },
      condition: { field: 'hardware.cpu_temp', op: '>', value: 85 },
    });
    const feed = await connectAlertFeed(b, await b.admin());
    const viaA: Socket[] = [];
    const viaB: Socket[] = [];
    for (let i = 0; i < 5; i++) {
      viaA.push(await connectKiosk(a, k));
      viaB.push(await connectKiosk(b, k));
    }
    sockets.push(...viaA, ...viaB);
    for (const s of [...viaA, ...viaB]) await emitWithAck(s, 'kiosk_join', {});
    const all = [...viaA, ...viaB];
    const now = Date.now();
    const acks = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        emitWithAck(all[i % all.length], 'kiosk_update', hot(i + 1, new Date(now + i))),
      ),
    );
    expect(acks).toEqual(Array.from({ length: 50 }, () => ({ ok: true })));
    await eventually(async () => {
      const list = await alertsOf(a, k.id);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ ruleId, status: 'open', occurrences: 50 });
    }, 15_000);
    const rows = await dataSourceOf(a).query(`SELECT count(*)::int AS n FROM alerts WHERE kiosk_id = $1`, [
      k.id,
    ]);
    expect(rows[0].n).toBe(1);
    const raisedOutbox = await dataSourceOf(b).query(
      `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'alert.raised' AND kiosk_id = $1`,
      [k.id],
    );
    expect(raisedOutbox[0].n).toBe(1);
    await eventually(async () =>
      expect(feed.alerts.filter((e) => e.event === 'alert_raised' && e.alert.kioskId === k.id)).toHaveLength(
        1,
      ),
    );
    feed.close();
  });

  it('escalates an unacknowledged alert step by step, once, on whichever instance leads; acknowledging stops it', async () => {
    const k = await registerKiosk(a);
    const s = await joinedKiosk(b, k, sockets);
    await createRule(a, {
      name: 'Hot (escalation)',
      severity: 'warning',
      scope: { kind: 'kiosk', value: k.id },
      condition: { field: 'hardware.cpu_temp', op: '>', value: 85 },
    });
    const k2 = await registerKiosk(a);
    const s2 = await joinedKiosk(a, k2, sockets);
    await createRule(a, {
      name: 'Hot (acknowledged early)',
      severity: 'warning',
      scope: { kind: 'kiosk', value: k2.id },
      condition: { field: 'hardware.cpu_temp', op: '>', value: 85 },
    });
    await emitWithAck(s, 'kiosk_update', hot(1, new Date()));
    await emitWithAck(s2, 'kiosk_update', hot(1, new Date()));
    const [early] = await eventually(async () => {
      const list = await alertsOf(a, k2.id);
      expect(list).toHaveLength(1);
      return list;
    });
    await a
      .http()
      .post(`${API}/alerts/${early.id}/acknowledge`)
      .set((await a.admin()).auth)
      .send({})
      .expect(200);
    await eventually(async () => {
      const [alert] = await alertsOf(a, k.id);
      expect(alert.severity).toBe('critical');
    }, 10_000);
    const [alert] = await alertsOf(a, k.id);
    const changes = await dataSourceOf(a).query(
      `SELECT payload->>'severity' AS severity FROM outbox
        WHERE payload->>'id' = $1 AND payload->>'change' = 'escalated' ORDER BY id`,
      [alert.id],
    );
    expect(changes.map((c: { severity: string }) => c.severity)).toEqual(['major', 'critical']);
    expect((await alertsOf(a, k2.id))[0]).toMatchObject({ status: 'acknowledged', severity: 'warning' });
  });

  it('rebuilds a kiosk’s rule state from the database on an instance that never saw it', async () => {
    const k = await registerKiosk(a);
    await createRule(a, {
      name: 'Hot for 20 s (rebuild)',
      scope: { kind: 'kiosk', value: k.id },
      condition: { field: 'hardware.cpu_temp', op: '>', value: 85 },
      forSeconds: 20,
    });
    const t0 = Date.now() - 60_000;
    const onA = await joinedKiosk(a, k, sockets);
    await emitWithAck(onA, 'kiosk_update', hot(1, new Date(t0)));
    await emitWithAck(onA, 'kiosk_update', hot(2, new Date(t0 + 10_000)));
    onA.close();
    // B has never evaluated this kiosk: the 20 s streak is known only from the stored readings.
    const onB = await joinedKiosk(b, k, sockets);
    await emitWithAck(onB, 'kiosk_update', hot(3, new Date(t0 + 20_000)));
    const [alert] = await eventually(async () => {
      const list = await alertsOf(b, k.id);
      expect(list).toHaveLength(1);
      return list;
    });
    expect(alert.occurrences).toBe(1);
    // Back on A (its memory of the kiosk is stale now): the open alert is read back and three
    // clear readings resolve it.
    const again = await joinedKiosk(a, k, sockets);
    for (let i = 0; i < 3; i++)
      await emitWithAck(again, 'kiosk_update', kioskUpdate(4 + i, {}, new Date(t0 + 30_000 + i * 5000)));
    await eventually(async () =>
      expect((await alertsOf(a, k.id))[0]).toMatchObject({ id: alert.id, status: 'resolved' }),
    );
  });
});
