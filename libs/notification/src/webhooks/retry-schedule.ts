/** No single wait longer than this, so the last attempts of a day still come a few hours apart. */
export const MAX_RETRY_DELAY_MS = 4 * 3600_000;
/** ±20 %: retries of many deliveries that failed together (a receiver outage) do not come back together. */
const JITTER = 0.2;

function nominalDelay(retry: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** (retry - 1), Math.max(baseMs, MAX_RETRY_DELAY_MS));
}

/**
 * The wait before the next attempt after `attemptsMade` failed ones, or null when the delivery is
 * dead: delays start at `baseMs` and double (capped), and retries go on while the nominal time
 * already spent waiting is below `horizonMs` (so the last attempt lands about `horizonMs` after the first).
 */
export function nextRetryDelayMs(
  attemptsMade: number,
  baseMs: number,
  horizonMs: number,
  random: () => number = Math.random,
): number | null {
  if (attemptsMade < 1) return 0;
  let waited = 0;
  for (let retry = 1; retry < attemptsMade; retry++) waited += nominalDelay(retry, baseMs);
  if (waited >= horizonMs) return null;
  const delay = nominalDelay(attemptsMade, baseMs);
  return Math.round(delay * (1 - JITTER + 2 * JITTER * random()));
}
