import {
  backtestHoltWinters,
  fitHoltWinters,
  forecastHoltWinters,
  mape,
  MIN_HISTORY_DAYS,
  seasonalNaive,
} from './holt-winters';

/** Deterministic noise (mulberry32), so the scores below are the same on every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEEK = [120, 130, 125, 140, 180, 260, 90];

function series(days: number, noise: number, growthPerDay = 0, seed = 7): number[] {
  const r = rng(seed);
  return Array.from({ length: days }, (_, t) => {
    const gaussian = Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
    return Math.max(0, (WEEK[t % 7] as number) + growthPerDay * t + noise * gaussian);
  });
}

describe('Holt-Winters daily revenue forecast', () => {
  it('reproduces a clean weekly pattern, with narrow intervals', () => {
    const y = series(70, 0);
    const points = forecastHoltWinters(fitHoltWinters(y), 14);
    points.forEach((p, h) => {
      const truth = WEEK[(70 + h) % 7] as number;
      expect(Math.abs(p.expected - truth) / truth).toBeLessThan(0.01);
      expect(p.high - p.low).toBeLessThan(0.05 * truth);
    });
  });

  it('keeps low ≤ expected ≤ high, never negative, and widens with the horizon', () => {
    const points = forecastHoltWinters(fitHoltWinters(series(90, 30, 0, 3)), 30);
    for (const p of points) {
      expect(p.low).toBeGreaterThanOrEqual(0);
      expect(p.low).toBeLessThanOrEqual(p.expected);
      expect(p.expected).toBeLessThanOrEqual(p.high);
    }
    const width = (i: number) =>
      (points[i] as { high: number; low: number }).high - (points[i] as { low: number }).low;
    expect(width(29)).toBeGreaterThan(width(0));
  });

  it('beats the seasonal-naive baseline on noisy, growing sales', () => {
    const bt = backtestHoltWinters(series(120, 25, 0.5, 11));
    expect(bt).not.toBeNull();
    expect(bt?.days).toBe(14);
    expect(bt?.mape as number).toBeLessThan(bt?.baselineMape as number);
    expect(bt?.mape as number).toBeLessThan(0.2);
  });

  it('needs two weeks to fit and three to backtest', () => {
    expect(() => fitHoltWinters(series(MIN_HISTORY_DAYS - 1, 0))).toThrow(RangeError);
    expect(backtestHoltWinters(series(MIN_HISTORY_DAYS + 6, 0))).toBeNull();
    expect(backtestHoltWinters(series(MIN_HISTORY_DAYS + 7, 0))?.days).toBe(7);
  });

  it('scores MAPE over days with sales only, and repeats the last week as the baseline', () => {
    expect(mape([100, 0, 50], [90, 10, 60])).toBeCloseTo((0.1 + 0.2) / 2, 10);
    expect(mape([0, 0], [1, 2])).toBeNull();
    expect(seasonalNaive([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], 9)).toEqual([
      8, 9, 10, 11, 12, 13, 14, 8, 9,
    ]);
  });
});
