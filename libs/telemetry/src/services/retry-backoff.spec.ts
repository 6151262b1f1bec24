import { RETRY_MAX_MS, retryDelayMs } from './retry-backoff';

describe('retryDelayMs', () => {
  it('doubles from 100 ms and stops growing at 5 s', () => {
    const top = (attempt: number) => retryDelayMs(attempt, () => 1);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map(top)).toEqual([
      100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000,
    ]);
  });

  it('jitters within the upper half of each step', () => {
    expect(retryDelayMs(0, () => 0)).toBe(50);
    expect(retryDelayMs(3, () => 0)).toBe(400);
    expect(retryDelayMs(50, () => 0)).toBe(RETRY_MAX_MS / 2);
    for (let i = 0; i < 100; i++) {
      const d = retryDelayMs(4);
      expect(d).toBeGreaterThanOrEqual(800);
      expect(d).toBeLessThanOrEqual(1600);
    }
  });
});
