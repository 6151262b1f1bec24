import { createHash, randomBytes } from 'node:crypto';

/**
 * An API key: `kf_<prefix>_<secret>`. The secret is 256 random bits (43 base64url characters);
 * the prefix is 40 more random bits in lower-case base32, not secret, stored in clear so an admin
 * can tell keys apart and a key found in a log or a repository can be traced to its record.
 */
export interface NewApiKey {
  key: string;
  prefix: string;
  hash: Buffer;
}

const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const PREFIX_LENGTH = 8;
const SECRET_BYTES = 32;
/** `kf_` + 8 + `_` + 43: every key has exactly this length. */
export const API_KEY_LENGTH = 3 + PREFIX_LENGTH + 1 + 43;
const API_KEY_SHAPE = /^kf_([a-z2-7]{8})_[A-Za-z0-9_-]{43}$/;

export function generateApiKey(): NewApiKey {
  // 5 bytes = 40 bits = 8 base32 characters, one per 5-bit group.
  const bits = randomBytes(5).reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
  let prefix = '';
  for (let i = PREFIX_LENGTH - 1; i >= 0; i--)
    prefix += PREFIX_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  const key = `kf_${prefix}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { key, prefix: `kf_${prefix}`, hash: hashApiKey(key) };
}

/**
 * The stored form. A plain SHA-256 (no salt, no slow hash) is enough for 256 random bits: nothing
 * is guessable, and a plain hash lets the key be found by an index lookup on every request.
 */
export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** Whether a presented value has a key's shape; checked before any hashing or database work. */
export function isWellFormedApiKey(value: string): boolean {
  return value.length === API_KEY_LENGTH && API_KEY_SHAPE.test(value);
}
