import { rateLimitPolicyOf } from './rate-limit-policy';

describe('rateLimitPolicyOf', () => {
  it('turns calls per minute and a window into a budget and a refill interval', () => {
    expect(rateLimitPolicyOf(600, 60)).toEqual({ quota: 600, intervalUs: 100_000, windowSec: 60 });
    expect(rateLimitPolicyOf(300, 10)).toEqual({ quota: 50, intervalUs: 200_000, windowSec: 10 });
    expect(rateLimitPolicyOf(180, 1)).toEqual({ quota: 3, intervalUs: 333_333, windowSec: 1 });
  });

  it('means no limit at 0', () => {
    expect(rateLimitPolicyOf(0, 60)).toBeNull();
  });

  it('keeps the rate when the window holds less than one call: a budget of one', () => {
    // 1 a minute with a 1 s window still refills one call a minute, never 60.
    expect(rateLimitPolicyOf(1, 1)).toEqual({ quota: 1, intervalUs: 60_000_000, windowSec: 60 });
  });

  it('keeps whole microseconds at the highest rates', () => {
    const p = rateLimitPolicyOf(1_000_000, 3600);
    expect(p).toEqual({ quota: 60_000_000, intervalUs: 60, windowSec: 3600 });
    expect(Number.isInteger(p!.intervalUs)).toBe(true);
  });
});
