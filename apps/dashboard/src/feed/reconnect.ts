/** Refused handshakes are retried after 1 s, 2 s, 4 s … up to this, until one connects. */
export const REFUSED_RETRY_MAX_MS = 30_000;

/** Delay before the n-th consecutive retry of a refused handshake (n = 0 right away: a token renewal). */
export function refusedRetryDelay(attempt: number): number {
  return attempt === 0 ? 0 : Math.min(REFUSED_RETRY_MAX_MS, 1_000 * 2 ** (attempt - 1));
}
