import { UsageError, resolveOptions } from './cli-options';
import { ConfigError, parseFleetConfigText } from './config-file';
import { bumpPatch, requestedVersion, updateFate } from './firmware-update';
import { MAX_SETTINGS_BYTES, parseConfigure } from './kiosk-config';
import {
  WANDER_DEFAULT_FOR_SEC,
  WANDER_DISTANCE_M,
  applyWander,
  distanceM,
  parseWanderArg,
  planWanderers,
  withWanderLabel,
} from './wander';

const serials = (n: number) => Array.from({ length: n }, (_, i) => `SIM-U-${String(i + 1).padStart(5, '0')}`);

describe('update fate', () => {
  it('gives each share its proportion of the fleet and the same answer for the same seed, serial and version', () => {
    const fleet = serials(10_000);
    const rates = { failure: 0.02, stale: 0.05 };
    const fates = fleet.map((s) => updateFate('seed-a', s, '5.0.0', rates));
    const count = (f: string) => fates.filter((x) => x === f).length;
    expect(count('failed') / fleet.length).toBeGreaterThan(0.015);
    expect(count('failed') / fleet.length).toBeLessThan(0.025);
    expect(count('stale') / fleet.length).toBeGreaterThan(0.043);
    expect(count('stale') / fleet.length).toBeLessThan(0.057);
    expect(fleet.map((s) => updateFate('seed-a', s, '5.0.0', rates))).toEqual(fates);
    // Another seed picks other kiosks.
    const other = fleet.map((s) => updateFate('seed-b', s, '5.0.0', rates));
    expect(other).not.toEqual(fates);
    expect(fleet.every((s) => updateFate('x', s, '1.0.0', { failure: 0, stale: 0 }) === 'installed')).toBe(
      true,
    );
    expect(fleet.every((s) => updateFate('x', s, '1.0.0', { failure: 1, stale: 0 }) === 'failed')).toBe(true);
  });

  it('checks params.version: absent is allowed, anything but a short printable string is refused', () => {
    expect(requestedVersion(undefined)).toEqual({});
    expect(requestedVersion(null)).toEqual({});
    expect(requestedVersion({ version: null })).toEqual({});
    expect(requestedVersion({ version: '5.0.0-rc.1+build.7' })).toEqual({ version: '5.0.0-rc.1+build.7' });
    for (const bad of [
      5,
      true,
      ['5.0.0'],
      { v: 1 },
      '',
      'x'.repeat(65),
      '5.0.0\u0000',
      '5.0 .0',
      'versión',
    ]) {
      expect(requestedVersion({ version: bad }).error).toMatch(/params\.version/);
    }
    expect(bumpPatch('4.2.9')).toBe('4.2.10');
    expect(bumpPatch('nightly')).toBe('nightly.1');
  });
});

describe('configure params', () => {
  it('keeps the known settings and drops the unknown ones', () => {
    expect(
      parseConfigure({
        version: 0,
        settings: { telemetry_interval_sec: 30, screen_brightness: 0, price_list_version: 12, theme: 'x' },
      }),
    ).toEqual({
      ok: true,
      value: {
        version: 0,
        settings: { telemetry_interval_sec: 30, screen_brightness: 0, price_list_version: 12 },
      },
    });
    expect(parseConfigure({ version: 1, settings: {} })).toEqual({
      ok: true,
      value: { version: 1, settings: {} },
    });
  });

  it('refuses wrong types, out-of-range values, oversized and over-deep settings', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    const cases: unknown[] = [
      undefined,
      { settings: {} },
      { version: Number.MAX_SAFE_INTEGER + 1, settings: {} },
      { version: NaN, settings: {} },
      { version: 1 },
      { version: 1, settings: null },
      { version: 1, settings: 'telemetry_interval_sec=5' },
      { version: 1, settings: { telemetry_interval_sec: Infinity } },
      { version: 1, settings: { telemetry_interval_sec: 86_401 } },
      { version: 1, settings: { telemetry_interval_sec: null } },
      { version: 1, settings: { screen_brightness: -1 } },
      { version: 1, settings: { screen_brightness: '50' } },
      { version: 1, settings: { price_list_version: '' } },
      { version: 1, settings: { price_list_version: 1.5 } },
      { version: 1, settings: { price_list_version: { v: 1 } } },
      { version: 1, settings: { pad: 'a'.repeat(MAX_SETTINGS_BYTES) } },
      { version: 1, settings: deep },
    ];
    for (const params of cases) {
      const r = parseConfigure(params as Record<string, unknown> | undefined);
      expect(r.ok).toBe(false);
    }
    // Just under the limit in bytes is fine.
    const pad = 'a'.repeat(MAX_SETTINGS_BYTES - '{"pad":""}'.length);
    expect(parseConfigure({ version: 1, settings: { pad } }).ok).toBe(true);
  });
});

describe('wanderers', () => {
  it('parses share[@at][~for] and refuses anything else', () => {
    expect(parseWanderArg('5%')).toEqual({ fraction: 0.05 });
    expect(parseWanderArg('0.1@10m~20m')).toEqual({ fraction: 0.1, atSec: 600, forSec: 1200 });
    expect(parseWanderArg('3~1h')).toEqual({ count: 3, forSec: 3600 });
    for (const bad of ['', 'many', '5%@', '0%', '150%', '2.5', '5%~0s', '5%;rm -rf']) {
      expect(() => parseWanderArg(bad)).toThrow();
    }
  });

  it('plans the same kiosks, times, distances and directions for the same seed', () => {
    const fleet = serials(200);
    const ctx = { seed: 's', simStartMs: 1_000_000, simDurationSec: 3600 };
    const plan = planWanderers(fleet, { fraction: 0.1 }, ctx);
    expect(plan.size).toBe(20);
    expect(planWanderers(fleet, { fraction: 0.1 }, ctx)).toEqual(plan);
    for (const p of plan.values()) {
      expect(p.startMs).toBeGreaterThanOrEqual(ctx.simStartMs + 360_000);
      expect(p.startMs).toBeLessThanOrEqual(ctx.simStartMs + 1_440_000);
      expect(p.endMs - p.startMs).toBe(WANDER_DEFAULT_FOR_SEC * 1000);
      expect(p.distanceM).toBeGreaterThanOrEqual(WANDER_DISTANCE_M[0]);
      expect(p.distanceM).toBeLessThanOrEqual(WANDER_DISTANCE_M[1]);
    }
    expect(planWanderers(fleet, { count: 500, atSec: 60 }, ctx).size).toBe(200);
    expect(planWanderers(fleet, null, ctx).size).toBe(0);
  });

  it('moves the position out along a ramp, holds it beyond 500 m, and brings it back', () => {
    const site = { lat: -34.6037, lng: -58.3816 };
    const plan = { startMs: 0, endMs: 20 * 60_000, distanceM: 900, bearingRad: 2 };
    const at = (ms: number) => {
      const loc = { ...site };
      const away = applyWander(loc, plan, ms);
      return { away, d: distanceM(loc, site) };
    };
    expect(at(-1)).toEqual({ away: false, d: 0 });
    expect(at(60_000).d).toBeGreaterThan(400);
    expect(at(60_000).d).toBeLessThan(500);
    for (const ms of [2 * 60_000, 10 * 60_000, 18 * 60_000]) {
      const r = at(ms);
      expect(r.away).toBe(true);
      expect(r.d).toBeGreaterThan(895);
      expect(r.d).toBeLessThan(905);
    }
    expect(at(20 * 60_000)).toEqual({ away: false, d: 0 });
    // Near the antimeridian the longitude wraps instead of leaving [-180, 180].
    const east = { lat: 0, lng: 179.999 };
    applyWander(east, { ...plan, bearingRad: Math.PI / 2 }, 10 * 60_000);
    expect(east.lng).toBeLessThan(-179);
    expect(withWanderLabel('normal', true)).toBe('wander');
    expect(withWanderLabel('overheat', true)).toBe('overheat+wander');
    expect(withWanderLabel('overheat', false)).toBe('overheat');
  });
});

describe('options', () => {
  it('reads the update and wanderer options from the command line and from a config file', () => {
    const cli = resolveOptions(
      ['--update-failure', '2%', '--update-stale', '0.01', '--update-reboot', '30s', '--wanderers', '5%~20m'],
      {},
    );
    expect(cli).toMatchObject({
      updateFailureRate: 0.02,
      updateStaleRate: 0.01,
      updateRebootSec: 30,
      wanderers: { fraction: 0.05, forSec: 1200 },
    });
    expect(resolveOptions([], {})).toMatchObject({
      updateFailureRate: 0.03,
      updateStaleRate: 0,
      updateRebootSec: 5,
      wanderers: null,
    });
    const file = parseFleetConfigText(
      'updateFailure: 0.1\nupdateStale: 0.2\nupdateReboot: 1m\nwanderers: "2@5m"\n',
      'fleet.yaml',
    );
    expect(file).toMatchObject({
      updateFailure: 0.1,
      updateStale: 0.2,
      updateReboot: 60,
      wanderers: { count: 2, atSec: 300 },
    });
  });

  it('refuses shares outside [0, 1], shares that add up past 100 %, and bad specs', () => {
    for (const argv of [
      ['--update-failure', '101%'],
      ['--update-failure', '-0.1'],
      ['--update-failure', 'lots'],
      ['--update-stale', ''],
      ['--update-failure', '60%', '--update-stale', '50%'],
      ['--update-reboot', 'soon'],
      ['--wanderers', 'all'],
    ]) {
      expect(() => resolveOptions(argv, {})).toThrow(UsageError);
    }
    expect(() => parseFleetConfigText('updateFailure: 2\n')).toThrow(ConfigError);
    expect(() => parseFleetConfigText('wanderers: lots\n')).toThrow(ConfigError);
  });
});
