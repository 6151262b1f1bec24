import { MAX_RETRY_DELAY_MS, nextRetryDelayMs } from './retry-schedule';

describe('nextRetryDelayMs', () => {
  const mid = () => 0.5;

  it('starts at the base delay and doubles', () => {
    expect([1, 2, 3, 4].map((n) => nextRetryDelayMs(n, 10_000, 86_400_000, mid))).toEqual([
      10_000, 20_000, 40_000, 80_000,
    ]);
  });

  it('jitters each delay within ±20 %', () => {
    expect(nextRetryDelayMs(3, 10_000, 86_400_000, () => 0)).toBe(32_000);
    expect(nextRetryDelayMs(3, 10_000, 86_400_000, () => 1)).toBe(48_000);
  });

  it('caps a single wait and gives up about 24 h after the first attempt with the defaults', () => {
    const delays: number[] = [];
    for (let n = 1; ; n++) {
      const d = nextRetryDelayMs(n, 10_000, 86_400_000, mid);
      if (d === null) break;
      delays.push(d);
    }
    expect(Math.max(...delays)).toBe(MAX_RETRY_DELAY_MS);
    const total = delays.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(86_400_000);
    expect(total).toBeLessThan(86_400_000 + MAX_RETRY_DELAY_MS);
  });

  it('declares the delivery dead once the horizon is spent', () => {
    // 100 + 200 + 400 = 700 < 1000: a 4th retry (800) still comes; then 1500 ≥ 1000: dead
    expect(nextRetryDelayMs(4, 100, 1_000, mid)).toBe(800);
    expect(nextRetryDelayMs(5, 100, 1_000, mid)).toBeNull();
  });
});
