import {
  FaultWindow,
  KioskProfile,
  LabelledStep,
  SeededRng,
  Site,
  WEEKDAY_TRAFFIC,
  activeFaultsAt,
  createProfile,
  customerRate,
  faultLabel,
  generateSeries,
  localHour,
  localWeekday,
} from './index';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A Monday, midnight UTC. */
const START = Date.UTC(2026, 2, 2);
const SITE: Site = {
  name: 'Test',
  lat: 40,
  lng: 0,
  utcOffsetHours: 0,
  indoor: false,
  peakCustomersPerHour: 30,
};

function profile(serial = 'SIM-T-00001', site: Site = SITE): KioskProfile {
  return createProfile(serial, site, new SeededRng('profiles'));
}

function series(
  p: KioskProfile,
  days: number,
  stepSec: number,
  windows: FaultWindow[] = [],
  seed = 'seed',
): LabelledStep[] {
  return [
    ...generateSeries({ profile: p, startMs: START, endMs: START + days * DAY, stepSec, windows, seed }),
  ];
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('signal models: normal behaviour', () => {
  it('temperature follows a daily cycle: warm mid-afternoon, cool before dawn; humidity the other way', () => {
    const p = profile();
    const steps = series(p, 14, 600);
    const at = (hour: number) => steps.filter((s) => Math.floor(localHour(p, s.simMs)) === hour);
    const afternoon = at(15);
    const dawn = at(4);
    const tempSwing =
      mean(afternoon.map((s) => s.reading.environmental.temperature)) -
      mean(dawn.map((s) => s.reading.environmental.temperature));
    // Peak-to-trough of the daily cosine is ~2 × amplitude; noise and the seasonal drift blur it a little.
    expect(tempSwing).toBeGreaterThan(1.4 * p.climate.dailyAmplitude);
    expect(tempSwing).toBeLessThan(2.6 * p.climate.dailyAmplitude);
    expect(mean(afternoon.map((s) => s.reading.environmental.humidity))).toBeLessThan(
      mean(dawn.map((s) => s.reading.environmental.humidity)) - 3,
    );
  });

  it('customers arrive as a Poisson process whose rate follows the hour of day and the weekday', () => {
    const p = profile('SIM-T-00002', { ...SITE, peakCustomersPerHour: 40 });
    const steps = series(p, 56, 300);
    const observed = new Array<number>(24).fill(0);
    const expected = new Array<number>(24).fill(0);
    const byWeekday = new Array<number>(7).fill(0);
    for (const s of steps.slice(1)) {
      const h = Math.floor(localHour(p, s.simMs - 150_000));
      observed[h] += s.customers;
      expected[h] += (customerRate(p, s.simMs - 150_000) * 300) / 3600;
      byWeekday[localWeekday(p, s.simMs - 150_000)] += s.customers;
    }
    for (let h = 0; h < 24; h++) {
      // 5 standard deviations of a Poisson count: fails only if the rate itself is wrong.
      expect(Math.abs(observed[h] - expected[h])).toBeLessThan(5 * Math.sqrt(expected[h]) + 2);
    }
    expect(observed[12]).toBeGreaterThan(10 * observed[3]);
    const sundayOverWednesday = byWeekday[0] / byWeekday[3];
    expect(sundayOverWednesday).toBeGreaterThan(WEEKDAY_TRAFFIC[0] - 0.08);
    expect(sundayOverWednesday).toBeLessThan(WEEKDAY_TRAFFIC[0] + 0.08);
  });

  it('CPU load and temperature follow customer traffic', () => {
    const p = profile('SIM-T-00003', { ...SITE, peakCustomersPerHour: 60 });
    const steps = series(p, 7, 60);
    const busy = steps.filter((s) => s.customers > 0);
    const idle = steps.filter((s) => s.customers === 0 && Math.floor(localHour(p, s.simMs)) < 5);
    expect(mean(busy.map((s) => s.reading.hardware.cpu_usage))).toBeGreaterThan(
      mean(idle.map((s) => s.reading.hardware.cpu_usage)) + 10,
    );
    expect(mean(busy.map((s) => s.reading.hardware.cpu_temp))).toBeGreaterThan(
      mean(idle.map((s) => s.reading.hardware.cpu_temp)) + 3,
    );
  });

  it('payments have realistic amounts and methods', () => {
    const p = profile('SIM-T-00004', { ...SITE, peakCustomersPerHour: 80 });
    const sales = series(p, 3, 300).flatMap((s) => s.sales);
    expect(sales.length).toBeGreaterThan(500);
    const methods = new Set(sales.map((s) => s.method));
    expect([...methods].sort()).toEqual(['card', 'cash', 'qr']);
    for (const s of sales) {
      expect(s.amount).toMatch(/^\d+\.\d{2}$/);
      expect(Number(s.amount)).toBeGreaterThan(0);
      expect(s.amount).toBe(s.expectedAmount);
    }
    expect(median(sales.map((s) => Number(s.amount)))).toBeGreaterThan(1);
    expect(median(sales.map((s) => Number(s.amount)))).toBeLessThan(15);
  });

  it('is reproducible with a seed and different with another', () => {
    const p = profile();
    const a = series(p, 1, 300, [], 'same').map((s) => s.reading);
    const b = series(p, 1, 300, [], 'same').map((s) => s.reading);
    const c = series(p, 1, 300, [], 'other').map((s) => s.reading);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(createProfile('X', SITE, new SeededRng('r'))).toEqual(
      createProfile('X', SITE, new SeededRng('r')),
    );
  });

  it('gives the same state whether sampled every 5 s or every 5 min', () => {
    const p = profile();
    const fine = series(p, 1, 5);
    const coarse = series(p, 1, 300);
    const lastFine = fine[fine.length - 1].reading.hardware.disk_usage;
    const lastCoarse = coarse[coarse.length - 1].reading.hardware.disk_usage;
    expect(Math.abs(lastFine - lastCoarse)).toBeLessThan(0.2);
  });
});

describe('ground-truth labels', () => {
  it('label the fault active at each sample: normal before, the scenario name during, normal after', () => {
    const p = profile();
    const w: FaultWindow = { name: 'overheat', startMs: START + 2 * HOUR, endMs: START + 4 * HOUR };
    const steps = series(p, 0.25, 600, [w]);
    for (const s of steps) {
      const inside = s.simMs >= w.startMs && s.simMs < (w.endMs as number);
      expect(s.label).toBe(inside ? 'overheat' : 'normal');
    }
  });

  it('join overlapping faults in a fixed order', () => {
    const faults = activeFaultsAt(
      [
        { name: 'flood', startMs: 0, endMs: null },
        { name: 'overheat', startMs: 10, endMs: null },
      ],
      20,
      {},
    );
    expect(faultLabel(faults)).toBe('overheat+flood');
    expect(faultLabel(activeFaultsAt([], 20, {}))).toBe('normal');
  });
});
