export const RETRY_BASE_MS = 100;
export const RETRY_MAX_MS = 5_000;

/**
 * Delay before retry number `attempt` (0-based) of a batch that failed: doubling from 100 ms up to
 * 5 s, with the upper half jittered so that instances recovering from the same outage do not all
 * hit the database in the same millisecond.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
