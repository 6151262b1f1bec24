import { UPDATE_FAILURE_REASON, updateFate } from './firmware-update';
import { Kiosk } from './kiosk';
import { SimFleet, startSimFleet, waitFor } from './testing/sim-fleet';
import { WANDER_LABEL, distanceM } from './wander';

/**
 * Issue 20 item 5 on the wire, against a Socket.IO server on 127.0.0.1 that answers like CONTRACT §3:
 * `update` with reboot and rejoin, the failing and the stale share, `configure`, and wanderers.
 */
let fleet: SimFleet;

afterEach(async () => {
  await fleet?.stop();
});

const acksOf = (id: number) => fleet.server.commandAcks.filter((a) => a.payload.command_id === id);
const statuses = (id: number) => acksOf(id).map((a) => a.payload.status);
const joinsOf = (serial: string) => fleet.server.joins.filter((j) => j.serial === serial);
const updatesOf = (serial: string) => fleet.server.updates.filter((u) => u.serial === serial);
const kiosk = (serial: string): Kiosk => {
  const k = fleet.runner.kiosk(serial);
  if (!k) throw new Error(`no kiosk ${serial}`);
  return k;
};

describe('update: ack, reboot, rejoin on the new version', () => {
  it('acks processing then success, goes dark, and rejoins reporting firmware_version = params.version', async () => {
    fleet = await startSimFleet();
    const serial = fleet.serialOf(0);
    await waitFor(() => fleet.server.isConnected(serial) && updatesOf(serial).length > 0, 'join');
    expect(joinsOf(serial)[0].payload.firmware_version).toBe('4.2.0');
    const id = fleet.server.sendCommand(serial, 'update', {
      version: '5.0.0',
      url: 'https://updates.example/5.0.0.bin',
      sha256: 'ab'.repeat(32),
    });
    await waitFor(() => joinsOf(serial).length === 2, 'rejoin after the reboot');
    expect(statuses(id)).toEqual(['processing', 'success']);
    expect(joinsOf(serial)[1].payload).toMatchObject({ serial, kiosk_id: 1, firmware_version: '5.0.0' });
    // The success ack went out before the kiosk went dark, not after the rejoin.
    expect(acksOf(id)[1].at).toBeLessThanOrEqual(joinsOf(serial)[1].at);
    expect(kiosk(serial).firmwareVersion).toBe('5.0.0');

    // The server re-delivers it (e.g. on join, before it stored the ack): no second install, no reboot.
    fleet.server.sendCommand(serial, 'update', { version: '5.0.0' }, id);
    await waitFor(() => statuses(id).length === 3, 'repeat of the final ack');
    expect(statuses(id)).toEqual(['processing', 'success', 'success']);
    await new Promise((r) => setTimeout(r, 400));
    expect(joinsOf(serial)).toHaveLength(2);
    expect(fleet.runner.snapshot().firmwareVersions).toEqual({ '5.0.0': 1 });
  });

  it('the failing share acks error with a reason and stays on the old version; the others rejoin on the new one', async () => {
    const n = 16;
    fleet = await startSimFleet({ kiosks: n, settings: { updateFailureRate: 0.3, seed: 'rollout-seed' } });
    const serials = Array.from({ length: n }, (_, i) => fleet.serialOf(i));
    await waitFor(() => serials.every((s) => fleet.server.isConnected(s)), 'all connected');
    const expectedFailures = serials.filter(
      (s) => updateFate('rollout-seed', s, '6.1.0', { failure: 0.3, stale: 0 }) === 'failed',
    );
    // The seed gives a mix, so both branches are exercised.
    expect(expectedFailures.length).toBeGreaterThan(0);
    expect(expectedFailures.length).toBeLessThan(n);
    const ids = new Map(serials.map((s) => [s, fleet.server.sendCommand(s, 'update', { version: '6.1.0' })]));
    const ok = serials.filter((s) => !expectedFailures.includes(s));
    await waitFor(
      () =>
        ok.every((s) => joinsOf(s).length === 2) &&
        expectedFailures.every((s) => statuses(ids.get(s) as number).length === 2),
      'final acks and rejoins',
    );
    await new Promise((r) => setTimeout(r, 400));
    for (const s of expectedFailures) {
      const acks = acksOf(ids.get(s) as number).map((a) => a.payload);
      expect(acks.map((a) => a.status)).toEqual(['processing', 'error']);
      expect(acks[1].error).toBe(UPDATE_FAILURE_REASON);
      expect(joinsOf(s)).toHaveLength(1);
      expect(kiosk(s).firmwareVersion).toBe('4.2.0');
    }
    for (const s of ok) {
      const id = ids.get(s) as number;
      expect(statuses(id).slice(0, 2)).toEqual(['processing', 'success']);
      // A success the server had not confirmed before the reboot is sent again after the rejoin
      // (at least once, as every final ack): only then, and only the success.
      for (const repeat of acksOf(id).slice(2)) {
        expect(repeat.payload.status).toBe('success');
        expect(repeat.at).toBeGreaterThanOrEqual(joinsOf(s)[1].at);
      }
      expect(joinsOf(s)[1].payload.firmware_version).toBe('6.1.0');
    }
    expect(fleet.runner.snapshot().firmwareVersions).toEqual({
      '4.2.0': expectedFailures.length,
      '6.1.0': ok.length,
    });
  });

  it('the stale share acks success, reboots, and rejoins still reporting the old version', async () => {
    fleet = await startSimFleet({ settings: { updateStaleRate: 1 } });
    const serial = fleet.serialOf(0);
    await waitFor(() => fleet.server.isConnected(serial), 'join');
    const id = fleet.server.sendCommand(serial, 'update', { version: '7.0.0' });
    await waitFor(() => joinsOf(serial).length === 2, 'rejoin after the reboot');
    expect(statuses(id)).toEqual(['processing', 'success']);
    expect(joinsOf(serial)[1].payload.firmware_version).toBe('4.2.0');
    expect(kiosk(serial).firmwareVersion).toBe('4.2.0');
  });

  it('refuses an update whose version is not a string, without rebooting', async () => {
    fleet = await startSimFleet();
    const serial = fleet.serialOf(0);
    await waitFor(() => fleet.server.isConnected(serial), 'join');
    const id = fleet.server.sendCommand(serial, 'update', { version: { $gt: '' } });
    await waitFor(() => statuses(id).length === 1, 'error ack');
    expect(acksOf(id)[0].payload).toMatchObject({
      status: 'error',
      error: 'params.version must be a string',
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(joinsOf(serial)).toHaveLength(1);
  });
});

describe('configure', () => {
  it('applies telemetry_interval_sec (readings slow down), brightness and price list, ignores unknown settings, acks success', async () => {
    fleet = await startSimFleet({ intervalSec: 0.05 });
    const serial = fleet.serialOf(0);
    await waitFor(() => updatesOf(serial).length >= 5, 'fast readings');
    expect(fleet.runner.snapshot().configVersions).toEqual({ none: 1 });
    const id = fleet.server.sendCommand(serial, 'configure', {
      version: 3,
      settings: {
        telemetry_interval_sec: 0.4,
        screen_brightness: 35,
        price_list_version: '2026-12',
        kiosk_theme: 'dark',
      },
    });
    await waitFor(() => statuses(id).length === 2, 'configure acks');
    expect(statuses(id)).toEqual(['processing', 'success']);
    const k = kiosk(serial);
    expect(k.intervalSec).toBe(0.4);
    expect(k.config).toEqual({ version: 3, screenBrightness: 35, priceListVersion: '2026-12' });
    expect(fleet.runner.snapshot().configVersions).toEqual({ '3': 1 });

    const from = updatesOf(serial).length;
    await waitFor(() => updatesOf(serial).length >= from + 4, 'readings at the new interval', 5000);
    const ups = updatesOf(serial).slice(from);
    const gap = (ups[ups.length - 1].at - ups[0].at) / (ups.length - 1);
    expect(gap).toBeGreaterThan(300);
    expect(gap).toBeLessThan(700);
  });

  it('refuses unusable settings as a whole and never steps back to an older version', async () => {
    fleet = await startSimFleet();
    const serial = fleet.serialOf(0);
    await waitFor(() => fleet.server.isConnected(serial), 'join');
    const good = fleet.server.sendCommand(serial, 'configure', {
      version: 5,
      settings: { telemetry_interval_sec: 0.2 },
    });
    await waitFor(() => statuses(good).length === 2, 'first configure');
    const bad = [
      { version: 6, settings: { telemetry_interval_sec: '5', screen_brightness: 10 } },
      { version: 6, settings: { telemetry_interval_sec: 0 } },
      { version: 6, settings: { screen_brightness: 101 } },
      { version: 6, settings: { price_list_version: 'x'.repeat(65) } },
      { version: 6, settings: { blob: 'é'.repeat(4200) } },
      { version: 6.5, settings: {} },
      { version: -1, settings: {} },
      { version: 6, settings: [1, 2] },
      { version: '6', settings: {} },
    ].map((params) => fleet.server.sendCommand(serial, 'configure', params));
    const older = fleet.server.sendCommand(serial, 'configure', {
      version: 4,
      settings: { telemetry_interval_sec: 9 },
    });
    await waitFor(
      () => bad.every((id) => statuses(id).length === 2) && statuses(older).length === 2,
      'answers to every configure',
    );
    for (const id of bad) {
      const final = acksOf(id)[1].payload;
      expect(final.status).toBe('error');
      expect(typeof final.error).toBe('string');
    }
    expect(acksOf(bad[4])[1].payload.error).toMatch(/8192 bytes/);
    expect(statuses(older)).toEqual(['processing', 'success']);
    const k = kiosk(serial);
    expect(k.config.version).toBe(5);
    expect(k.config.screenBrightness).toBe(80);
    expect(k.intervalSec).toBe(0.2);
  });
});

describe('wanderers', () => {
  it('reports a position more than 500 m from the site (accuracy ≤ 100 m) for a while, then returns; ground truth says "wander"', async () => {
    const lines: string[] = [];
    // 600× time: a reading every 0.1 s is one every simulated minute; away from +5 min to +20 min.
    fleet = await startSimFleet({
      timeScale: 600,
      groundTruth: lines,
      spec: (spec, simStart) => {
        spec.wander = {
          startMs: simStart + 5 * 60_000,
          endMs: simStart + 20 * 60_000,
          distanceM: 1500,
          bearingRad: Math.PI / 3,
        };
      },
    });
    const serial = fleet.serialOf(0);
    const { profile: site, wander: plan } = kiosk(serial).spec;
    if (!plan) throw new Error('no wander plan');
    await waitFor(() => updatesOf(serial).length >= 28, '28 simulated minutes of readings', 8000);
    await fleet.runner.stop(300);
    const records = lines.map(
      (l) =>
        JSON.parse(l) as {
          sim_time: string;
          label: string;
          payload: { location: { lat: number; lng: number; accuracy: number } };
        },
    );
    const at = (r: (typeof records)[number]) => Date.parse(r.sim_time);
    // The label is exactly "away or not", by the plan's window.
    for (const r of records) {
      expect(r.label).toBe(at(r) >= plan.startMs && at(r) < plan.endMs ? WANDER_LABEL : 'normal');
      expect(r.payload.location.accuracy).toBeLessThanOrEqual(100);
    }
    const home = records.filter((r) => r.label === 'normal');
    expect(records.filter((r) => r.label === WANDER_LABEL).length).toBeGreaterThanOrEqual(12);
    // Past the ramps (2 minutes each way) the kiosk is at the far point: well over the 500 m threshold.
    const plateau = records.filter((r) => at(r) >= plan.startMs + 120_000 && at(r) <= plan.endMs - 120_000);
    expect(plateau.length).toBeGreaterThanOrEqual(8);
    for (const r of plateau) {
      expect(distanceM(r.payload.location, site)).toBeGreaterThan(1450);
      expect(distanceM(r.payload.location, site)).toBeLessThan(1550);
    }
    // Before leaving and after coming back it reads its site, within GPS noise.
    for (const r of home) expect(distanceM(r.payload.location, site)).toBeLessThan(100);
    expect(home.filter((r) => at(r) < plan.startMs).length).toBeGreaterThanOrEqual(3);
    expect(home.filter((r) => at(r) >= plan.endMs).length).toBeGreaterThanOrEqual(3);
  });
});
