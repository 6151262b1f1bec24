import { FaultWindow, formatGroundTruth } from '../../libs/kiosk-signals/src';
import { FleetRunner } from './fleet';
import { COMMAND_DELAYS_SEC } from './kiosk-commands';
import { FakeKioskServer, Received, validateUpdate } from './testing/fake-kiosk-server';
import { SimFleet, SimFleetSetup, TEST_SITE, startSimFleet, waitFor } from './testing/sim-fleet';

/**
 * The simulated kiosk against a real Socket.IO server on 127.0.0.1 that answers like CONTRACT.md §3.
 * Intervals are 0.1 s and command delays are shortened with a time scale, so each test takes ~1 s.
 */
interface Setup extends Omit<SimFleetSetup, 'spec' | 'serialPrefix' | 'seed' | 'connectRate'> {
  wrongSecret?: boolean;
  faults?: (i: number) => FaultWindow[];
}

let fleet: SimFleet | undefined;
let server: FakeKioskServer;
let runner: FleetRunner;
let serialOf: (i: number) => string;

async function setup({ wrongSecret, faults, ...o }: Setup = {}): Promise<void> {
  fleet = await startSimFleet({
    ...o,
    serialPrefix: 'SIM-PT',
    seed: 'protocol',
    connectRate: 100,
    spec: (spec) => {
      if (wrongSecret) spec.secret = 'nope';
      spec.faults = faults?.(spec.index) ?? [];
    },
  });
  ({ server, runner, serialOf } = fleet);
}

afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
});

const updatesOf = (serial: string) => server.updates.filter((u) => u.serial === serial);
const acksOf = (id: number) => server.commandAcks.filter((a) => a.payload.command_id === id);
const statuses = (id: number) => acksOf(id).map((a) => a.payload.status);

describe('one simulated kiosk on the wire', () => {
  it('authenticates with {serial, secret}, joins with its capabilities, then sends valid kiosk_updates with a monotonic seq', async () => {
    await setup({ kiosks: 2 });
    await waitFor(
      () => updatesOf(serialOf(0)).length >= 8 && updatesOf(serialOf(1)).length >= 8,
      '8 updates each',
    );
    expect(server.handshakes.filter((h) => h.ok).map((h) => h.serial)).toEqual(
      expect.arrayContaining([serialOf(0), serialOf(1)]),
    );
    const join = server.joins.find((j) => j.serial === serialOf(0))?.payload as Record<string, unknown>;
    expect(join.serial).toBe(serialOf(0));
    const caps = join.capabilities as Record<string, unknown>;
    for (const key of ['sensors', 'peripherals', 'features']) {
      expect(Array.isArray(caps[key]) && (caps[key] as unknown[]).length > 0).toBe(true);
    }
    expect(typeof join.firmware_version).toBe('string');

    for (const serial of [serialOf(0), serialOf(1)]) {
      const ups = updatesOf(serial);
      ups.forEach((u, i) => {
        expect(validateUpdate(u.payload)).toBeNull();
        expect(u.payload.seq).toBe(i + 1);
        expect(u.payload.serial).toBe(serial);
        expect(u.payload.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        // kiosk_id is informational: readings taken before the first join ack cannot carry it yet.
        if (u.payload.kiosk_id !== undefined)
          expect(u.payload.kiosk_id).toBe(ups[ups.length - 1].payload.kiosk_id);
      });
      expect(typeof ups[ups.length - 1].payload.kiosk_id).toBe('number');
      // Every `interval` seconds: 0.1 s apart on average.
      const gap = (ups[ups.length - 1].at - ups[0].at) / (ups.length - 1);
      expect(gap).toBeGreaterThan(60);
      // generous upper bound: a loaded 2-core CI machine delays timers
      expect(gap).toBeLessThan(250);
    }
    expect(runner.snapshot().connected).toBe(2);
    // Acks trail the updates the server has seen by a round trip: wait for them rather than race them.
    await waitFor(() => runner.snapshot().readingsAcked >= 16, '16 acked readings');
  });

  it('is refused with a wrong secret (connect_error unauthorized), sends nothing, and retries with growing backoff', async () => {
    await setup({ wrongSecret: true });
    await waitFor(() => server.handshakes.length >= 4, '4 handshake attempts');
    expect(server.handshakes.every((h) => !h.ok)).toBe(true);
    expect(server.updates).toHaveLength(0);
    expect(runner.snapshot().errors['connect:unauthorized']).toBeGreaterThanOrEqual(3);
    const t = server.handshakes.map((h) => h.at);
    // Equal-jitter doubling from 50 ms: the third wait is at least as long as the whole first one could be.
    expect(t[3] - t[2]).toBeGreaterThanOrEqual(t[1] - t[0] - 10);
    expect(t[3] - t[2]).toBeGreaterThanOrEqual(90);
  });

  it('answers commands with processing at once, then success after the delay of a real unit', async () => {
    await setup();
    await waitFor(() => server.isConnected(serialOf(0)) && updatesOf(serialOf(0)).length > 0, 'join');
    const update = server.sendCommand(serialOf(0), 'update', { version: '5.1.0' });
    const maintenance = server.sendCommand(serialOf(0), 'maintenance');
    const unknown = server.sendCommand(serialOf(0), 'self_destruct');
    await waitFor(() => statuses(update).length === 2 && statuses(maintenance).length === 2, 'final acks');
    expect(statuses(update)).toEqual(['processing', 'success']);
    expect(statuses(maintenance)).toEqual(['processing', 'success']);
    expect(statuses(unknown)).toEqual(['error']);
    const [processing, success] = acksOf(update);
    expect(success.at - processing.at).toBeGreaterThanOrEqual((COMMAND_DELAYS_SEC.update * 1000) / 20 - 25);
    expect(success.payload).toMatchObject({ command: 'update', kiosk_id: 1, command_id: update });
    expect(Date.parse(success.payload.timestamp as string)).toBeGreaterThan(
      Date.parse(processing.payload.timestamp as string),
    );
    // The new image runs once the kiosk has rebooted into it (fleet-management.protocol.spec.ts).
    await waitFor(() => runner.kiosk(serialOf(0))?.firmwareVersion === '5.1.0', 'reboot into 5.1.0');
    expect(runner.kiosk(serialOf(0))?.mode).toBe('maintenance');
    await waitFor(() => runner.snapshot().commandAcksAcked === 5, 'acks acknowledged');
    expect(runner.snapshot().commandsReceived).toEqual({ update: 1, maintenance: 1, self_destruct: 1 });
  });

  it('restart: acknowledges, goes offline ≈3 s (scaled), comes back, rejoins, then reports success', async () => {
    await setup();
    await waitFor(() => server.isConnected(serialOf(0)), 'connect');
    const kiosk = runner.kiosk(serialOf(0));
    if (!kiosk) throw new Error('no kiosk');
    kiosk.signals.ramLeak = 30;
    const id = server.sendCommand(serialOf(0), 'restart');
    await waitFor(() => !server.isConnected(serialOf(0)), 'going dark');
    const darkAt = Date.now();
    await waitFor(() => statuses(id).length === 2, 'success after restart');
    expect(statuses(id)).toEqual(['processing', 'success']);
    expect(acksOf(id)[1].at - darkAt).toBeGreaterThanOrEqual(
      (COMMAND_DELAYS_SEC.restartDown * 1000) / 20 - 30,
    );
    const joins = server.joins.filter((j) => j.serial === serialOf(0));
    expect(joins).toHaveLength(2);
    // The rejoin carries the kiosk_id learned from the first join ack.
    expect(joins[1].payload.kiosk_id).toBe(1);
    expect(kiosk.signals.ramLeak).toBeLessThan(1);
    const before = updatesOf(serialOf(0)).length;
    await waitFor(() => updatesOf(serialOf(0)).length > before + 2, 'telemetry after restart');
  });

  it('does not execute a command twice when the server re-delivers it after a rejoin', async () => {
    await setup();
    await waitFor(() => server.isConnected(serialOf(0)), 'connect');
    server.sendCommand(serialOf(0), 'block', {}, 77);
    await waitFor(() => statuses(77).length === 2, 'block done');
    server.sendCommand(serialOf(0), 'block', {}, 77);
    await waitFor(() => statuses(77).length === 3, 'repeat of the final ack');
    expect(statuses(77)).toEqual(['processing', 'success', 'success']);
    expect(runner.snapshot().commandsReceived.block).toBe(2);
  });

  it('resends unacknowledged readings after a reconnect, with the same seq and payload', async () => {
    let withhold = false;
    await setup({ settings: { ackTimeoutMs: 5000 }, server: { ackUpdate: () => !withhold } });
    await waitFor(() => runner.snapshot().readingsAcked >= 3, '3 acked readings');
    withhold = true;
    const firstWithheld = updatesOf(serialOf(0)).length;
    await waitFor(() => updatesOf(serialOf(0)).length >= firstWithheld + 3, '3 unacknowledged readings');
    server.kick(serialOf(0));
    withhold = false;
    const lost = updatesOf(serialOf(0)).slice(firstWithheld);
    const lostSeqs = lost.map((u) => u.payload.seq as number);
    await waitFor(
      () => runner.snapshot().readingsDuplicate >= lostSeqs.length,
      'resent readings acknowledged as duplicates',
    );
    const all = updatesOf(serialOf(0));
    for (const original of lost) {
      const copies = all.filter((u) => u.payload.seq === original.payload.seq);
      expect(copies.length).toBeGreaterThanOrEqual(2);
      expect(copies[copies.length - 1].payload).toEqual(original.payload);
    }
    // After the reconnect the backlog goes out first, oldest first: seq never goes backwards.
    const afterReconnect = all
      .filter((u) => u.at > lost[lost.length - 1].at)
      .map((u) => u.payload.seq as number);
    expect(afterReconnect).toEqual([...afterReconnect].sort((a, b) => a - b));
    const stats = runner.snapshot();
    expect(stats.readingsResent).toBeGreaterThanOrEqual(lostSeqs.length);
    expect(stats.connects).toBe(2);
  });

  it('reports sales with kiosk_payment: unique transaction ids, decimal-string amounts, cash/card/qr', async () => {
    await setup({ site: { ...TEST_SITE, peakCustomersPerHour: 3000 }, timeScale: 60 });
    await waitFor(() => server.payments.length >= 20, '20 payments', 8000);
    const ids = new Set<unknown>();
    for (const { payload } of server.payments) {
      expect(payload.amount).toMatch(/^\d+\.\d{2}$/);
      expect(['cash', 'card', 'qr']).toContain(payload.method);
      expect(['completed', 'failed']).toContain(payload.status);
      expect(payload.currency).toMatch(/^[A-Z]{3}$/);
      expect(Number.isNaN(Date.parse(payload.timestamp as string))).toBe(false);
      ids.add(payload.transaction_id);
    }
    expect(ids.size).toBe(server.payments.length);
    await waitFor(() => runner.snapshot().paymentsAcked >= 20, 'payments acknowledged');
  });

  it('blocked: no sales and only a slow heartbeat; unblock restores service', async () => {
    await setup({ site: { ...TEST_SITE, peakCustomersPerHour: 3000 }, timeScale: 60 });
    await waitFor(() => server.payments.length > 0, 'first sale', 8000);
    const id = server.sendCommand(serialOf(0), 'block');
    await waitFor(() => statuses(id).length === 2, 'blocked');
    const [payments, updates] = [server.payments.length, updatesOf(serialOf(0)).length];
    await new Promise((r) => setTimeout(r, 1200));
    // 12 intervals: a heartbeat every 6th instead of 12 readings; not one sale.
    expect(updatesOf(serialOf(0)).length - updates).toBeGreaterThanOrEqual(1);
    expect(updatesOf(serialOf(0)).length - updates).toBeLessThanOrEqual(3);
    expect(server.payments.length - payments).toBeLessThanOrEqual(1);
    const unblock = server.sendCommand(serialOf(0), 'unblock');
    await waitFor(() => statuses(unblock).length === 2, 'unblocked');
    const resumed = updatesOf(serialOf(0)).length;
    await waitFor(() => updatesOf(serialOf(0)).length >= resumed + 5, 'regular telemetry again');
  });
});

describe('adversarial and connection scenarios on the wire', () => {
  const from = (name: FaultWindow['name']) => () => [{ name, startMs: 0, endMs: null }];

  it('malformed: broken payloads are rejected by the server and counted by error code', async () => {
    await setup({ faults: from('malformed') });
    await waitFor(() => (runner.snapshot().errors.invalid_payload ?? 0) >= 3, 'invalid_payload errors');
    expect(runner.snapshot().readingsAcked).toBeGreaterThan(0);
    expect(server.updates.some((u) => validateUpdate(u.payload) !== null)).toBe(true);
  });

  it('spoof: claims another serial and is told serial_mismatch', async () => {
    await setup({ faults: from('spoof') });
    await waitFor(() => (runner.snapshot().errors.serial_mismatch ?? 0) >= 2, 'serial_mismatch errors');
    expect(server.updates.some((u) => u.payload.serial !== serialOf(0))).toBe(true);
    expect(runner.snapshot().errors['join:serial_mismatch']).toBe(1);
  });

  it('flood: fires bursts of readings far above the normal rate', async () => {
    await setup({ faults: from('flood'), intervalSec: 0.5 });
    await waitFor(() => updatesOf(serialOf(0)).length >= 62, 'two bursts');
    const seqs = updatesOf(serialOf(0)).map((u) => u.payload.seq as number);
    expect(seqs.slice(0, 62)).toEqual(Array.from({ length: 62 }, (_, i) => i + 1));
  });

  it('flapping: the kiosk keeps disconnecting and coming back', async () => {
    await setup({ faults: from('flapping'), settings: { flapUpMs: [100, 200], flapDownMs: [30, 60] } });
    // A join reaches the server after the kiosk counts its connect: wait for both, not the first alone.
    await waitFor(
      () => runner.snapshot().connects >= 4 && server.joins.length >= 4,
      'three reconnections, each joined',
    );
    const stats = runner.snapshot();
    expect(stats.disconnects).toBeGreaterThanOrEqual(3);
    expect(server.joins.length).toBeGreaterThanOrEqual(4);
    // A flapping unit is not broken otherwise: between flaps its readings still get through.
    expect(stats.readingsAcked).toBeGreaterThan(0);
  });
});

describe('ground truth of what was sent', () => {
  it('records every reading once, on first emission, labelled with the fault active when it was taken', async () => {
    const lines: string[] = [];
    const onsetAfterMs = 600;
    await setup({
      groundTruth: lines,
      timeScale: 1,
      faults: () => [{ name: 'overheat', startMs: Date.now() + onsetAfterMs, endMs: null }],
    });
    await waitFor(() => updatesOf(serialOf(0)).length >= 12, '12 updates');
    await runner.stop(500);
    const records = lines.map(
      (l) => JSON.parse(l) as { seq: number; label: string; payload: Record<string, unknown> },
    );
    const received = new Map(
      updatesOf(serialOf(0)).map((u: Received) => [u.payload.seq as number, u.payload]),
    );
    expect(records.map((r) => r.seq)).toEqual([...received.keys()]);
    for (const r of records) expect(r.payload).toEqual(received.get(r.seq));
    const labels = records.map((r) => r.label);
    expect(labels[0]).toBe('normal');
    expect(labels[labels.length - 1]).toBe('overheat');
    expect(labels.indexOf('overheat')).toBeGreaterThan(labels.lastIndexOf('normal'));
    expect(
      formatGroundTruth('jsonl', { serial: 's', seq: 1, simMs: 0, label: 'normal', payload: {} }),
    ).toContain('"label":"normal"');
  });
});
