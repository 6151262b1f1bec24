import { isIP } from 'node:net';

/**
 * What Express's `trust proxy` setting is given: `true`/`false`, a hop count, or the addresses
 * (IPs, CIDR ranges, or proxy-addr's names) of the proxies in front of us.
 */
export type TrustProxySetting = boolean | number | string[];

/** proxy-addr's pre-defined ranges (loopback, link-local and unique-local addresses). */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const MAX_HOPS = 32;
const DIGITS = /^\d{1,3}$/;

function checkAddress(entry: string): string | undefined {
  if (NAMED_RANGES.has(entry)) return undefined;
  const slash = entry.indexOf('/');
  const ip = slash < 0 ? entry : entry.slice(0, slash);
  const family = isIP(ip);
  if (!family)
    return `"${entry}" is not an IP address, a CIDR range or one of ${[...NAMED_RANGES].join(', ')}`;
  if (slash < 0) return undefined;
  const bits = entry.slice(slash + 1);
  const max = family === 4 ? 32 : 128;
  if (!DIGITS.test(bits) || Number(bits) > max) return `"${entry}": the prefix length must be 0…${max}`;
  return undefined;
}

/**
 * Reads TRUST_PROXY: `true`/`false` (kept for compatibility), a hop count such as `1` (trust that
 * many proxies in front of the app), or a comma-separated list of proxy addresses/CIDR ranges.
 * Throws with the reason on anything else, so a typo stops the start instead of silently trusting
 * (or ignoring) `X-Forwarded-For`.
 */
export function parseTrustProxy(raw: string): TrustProxySetting {
  const value = raw.trim();
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > MAX_HOPS) throw new Error(`a hop count must be 0…${MAX_HOPS}, got ${value}`);
    return hops;
  }
  const entries = value.split(',').map((e) => e.trim());
  if (entries.some((e) => e === '')) {
    throw new Error('expected true, false, a hop count or a comma-separated list of IPs/CIDR ranges');
  }
  const problems = entries.map(checkAddress).filter((p): p is string => p !== undefined);
  if (problems.length) throw new Error(problems.join('; '));
  return entries;
}
