import { describe, expect, it } from 'vitest';
import { REFUSED_RETRY_MAX_MS, refusedRetryDelay } from './reconnect';

describe('refusedRetryDelay', () => {
  it('retries at once after the first refusal (a renewed token usually cures it), then backs off to a ceiling', () => {
    expect([0, 1, 2, 3, 4].map(refusedRetryDelay)).toEqual([0, 1_000, 2_000, 4_000, 8_000]);
    expect(refusedRetryDelay(20)).toBe(REFUSED_RETRY_MAX_MS);
  });
});
