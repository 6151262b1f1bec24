import {
  FaultName,
  KioskProfile,
  LabelledStep,
  SeededRng,
  Site,
  applyRestart,
  createProfile,
  createSignalState,
  generateSeries,
  stepSignals,
} from './index';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 5, 10);
const ONSET = START + 6 * HOUR;
const SITE: Site = { name: 'Test', lat: 40, lng: 0, utcOffsetHours: 0, peakCustomersPerHour: 40 };

function profile(serial: string): KioskProfile {
  return createProfile(serial, SITE, new SeededRng('fault-profiles'));
}

/** 6 h of normal operation, then `fault` for `hoursAfter` hours. Same seed with and without the fault. */
function run(fault: FaultName | null, hoursAfter = 6, stepSec = 60, serial = 'SIM-F-00001'): LabelledStep[] {
  const windows = fault === null ? [] : [{ name: fault, startMs: ONSET, endMs: null }];
  return [
    ...generateSeries({
      profile: profile(serial),
      startMs: START,
      endMs: ONSET + hoursAfter * HOUR,
      stepSec,
      windows,
      seed: 's',
    }),
  ];
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const between = (steps: LabelledStep[], fromH: number, toH: number) =>
  steps.filter((s) => s.simMs >= ONSET + fromH * HOUR && s.simMs < ONSET + toH * HOUR);
const before = (steps: LabelledStep[]) => steps.filter((s) => s.simMs >= ONSET - 2 * HOUR && s.simMs < ONSET);

describe('fault scenarios move the right signals the right way', () => {
  it('overheat: enclosure and CPU temperature climb gradually after onset', () => {
    const steps = run('overheat');
    const temp = (xs: LabelledStep[]) => mean(xs.map((s) => s.reading.environmental.temperature));
    const base = temp(before(steps));
    expect(temp(between(steps, 0, 0.25))).toBeLessThan(base + 8);
    expect(temp(between(steps, 0.25, 0.5))).toBeGreaterThan(base + 3);
    expect(temp(between(steps, 1, 2))).toBeGreaterThan(base + 20);
    expect(mean(between(steps, 1, 2).map((s) => s.reading.hardware.cpu_temp))).toBeGreaterThan(
      mean(before(steps).map((s) => s.reading.hardware.cpu_temp)) + 20,
    );
  });

  it('fan_failure: cpu_temp climbs while the load stays normal', () => {
    const faulty = run('fan_failure');
    const healthy = run(null);
    const cpuTemp = (xs: LabelledStep[]) => mean(xs.map((s) => s.reading.hardware.cpu_temp));
    const cpuUse = (xs: LabelledStep[]) => mean(xs.map((s) => s.reading.hardware.cpu_usage));
    expect(cpuTemp(between(faulty, 1, 3))).toBeGreaterThan(cpuTemp(between(healthy, 1, 3)) + 25);
    expect(Math.abs(cpuUse(between(faulty, 1, 3)) - cpuUse(between(healthy, 1, 3)))).toBeLessThan(5);
  });

  it('disk_fill: disk usage rises by several points an hour, a healthy disk barely moves', () => {
    const faulty = run('disk_fill', 6, 600);
    const healthy = run(null, 6, 600);
    const disk = (xs: LabelledStep[]) => xs[xs.length - 1].reading.hardware.disk_usage;
    const start = before(faulty)[0].reading.hardware.disk_usage;
    expect(disk(faulty)).toBeGreaterThanOrEqual(Math.min(100, start + 25));
    expect(Math.abs(disk(healthy) - before(healthy)[0].reading.hardware.disk_usage)).toBeLessThan(1);
  });

  it('memory_leak: RAM climbs steadily and a restart gives it back', () => {
    const p = profile('SIM-F-00002');
    const rng = new SeededRng('leak');
    const state = createSignalState(p, START, rng);
    const faults = { memory_leak: START };
    const ram = (t: number) => stepSignals(p, state, t, faults, rng).reading.hardware.ram_usage;
    const r0 = ram(START + 60_000);
    const r6 = ram(START + 6 * HOUR);
    expect(r6).toBeGreaterThan(r0 + 15);
    applyRestart(state);
    expect(ram(START + 6 * HOUR + 60_000)).toBeLessThan(r6 - 15);
  });

  it('printer_jam_storm: the printer keeps jamming, where a healthy one rarely does', () => {
    const share = (xs: LabelledStep[]) =>
      xs.filter((s) => s.reading.peripherals.printer_status === 'paper_jam').length / xs.length;
    expect(share(between(run('printer_jam_storm'), 0, 6))).toBeGreaterThan(0.1);
    expect(share(between(run(null), 0, 6))).toBeLessThan(0.05);
  });

  it('network_degradation: latency multiplies and the signal weakens', () => {
    const faulty = between(run('network_degradation'), 0, 3);
    const healthy = between(run(null), 0, 3);
    const lat = (xs: LabelledStep[]) =>
      [...xs.map((s) => s.reading.network.latency)].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const sig = (xs: LabelledStep[]) => mean(xs.map((s) => s.reading.network.signal_strength));
    expect(lat(faulty)).toBeGreaterThan(4 * lat(healthy));
    expect(sig(faulty)).toBeLessThan(sig(healthy) - 20);
  });

  it('card_reader_silent_fail: the reader says ready while every card payment fails', () => {
    const steps = between(run('card_reader_silent_fail'), 0, 6);
    const card = steps.flatMap((s) => s.sales).filter((s) => s.method === 'card');
    expect(card.length).toBeGreaterThan(10);
    expect(card.every((s) => s.status === 'failed')).toBe(true);
    expect(steps.every((s) => s.reading.peripherals.card_reader === 'ready')).toBe(true);
    const healthyCard = between(run(null), 0, 6)
      .flatMap((s) => s.sales)
      .filter((s) => s.method === 'card');
    expect(healthyCard.filter((s) => s.status === 'completed').length).toBeGreaterThan(
      healthyCard.length * 0.8,
    );
  });

  it('cash_mismatch: reported cash amounts stop matching the items sold', () => {
    const mismatched = (xs: LabelledStep[]) =>
      xs.flatMap((s) => s.sales).filter((s) => s.method === 'cash' && s.amount !== s.expectedAmount).length;
    expect(mismatched(between(run('cash_mismatch'), 0, 6))).toBeGreaterThan(3);
    expect(mismatched(between(run(null), 0, 6))).toBe(0);
  });

  it('clock_skew: the reported timestamp drifts minutes away from the true time', () => {
    const steps = run('clock_skew');
    for (const s of before(steps)) expect(s.timestampMs).toBe(s.simMs);
    const skewed = between(steps, 0, 1);
    expect(skewed.every((s) => Math.abs(s.timestampMs - s.simMs) >= 5 * 60_000)).toBe(true);
    const first = Math.abs(skewed[0].timestampMs - skewed[0].simMs);
    const last = Math.abs(skewed[skewed.length - 1].timestampMs - skewed[skewed.length - 1].simMs);
    expect(last).toBeGreaterThan(first);
  });

  it('does not touch signals a fault has nothing to do with', () => {
    const faulty = between(run('disk_fill'), 0, 3);
    const healthy = between(run(null), 0, 3);
    const temp = (xs: LabelledStep[]) => mean(xs.map((s) => s.reading.environmental.temperature));
    expect(Math.abs(temp(faulty) - temp(healthy))).toBeLessThan(1.5);
  });
});
