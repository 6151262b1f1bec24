import { API_KEY_LENGTH, generateApiKey, hashApiKey, isWellFormedApiKey } from './api-key-secret';

describe('API key secrets', () => {
  it('makes keys of the documented shape whose prefix is their head', () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^kf_[a-z2-7]{8}_[A-Za-z0-9_-]{43}$/);
    expect(key).toHaveLength(API_KEY_LENGTH);
    expect(key.startsWith(`${prefix}_`)).toBe(true);
    expect(hash.equals(hashApiKey(key))).toBe(true);
    expect(hash).toHaveLength(32);
    expect(isWellFormedApiKey(key)).toBe(true);
  });

  it('never repeats a key or a prefix across many draws', () => {
    const keys = Array.from({ length: 2000 }, () => generateApiKey());
    expect(new Set(keys.map((k) => k.key)).size).toBe(keys.length);
    expect(new Set(keys.map((k) => k.prefix)).size).toBe(keys.length);
    // Every base32 character turns up in prefixes: the 40 bits are spread over all 8 characters.
    const seen = new Set(keys.flatMap((k) => [...k.prefix.slice(3)]));
    expect(seen.size).toBe(32);
  });

  it.each([
    ['empty', ''],
    ['a bearer token', 'Bearer abc'],
    ['no kf_ head', 'xx_abcdefgh_' + 'A'.repeat(43)],
    ['upper-case prefix', 'kf_ABCDEFGH_' + 'A'.repeat(43)],
    ['short secret', 'kf_abcdefgh_' + 'A'.repeat(42)],
    ['long secret', 'kf_abcdefgh_' + 'A'.repeat(44)],
    ['padding', 'kf_abcdefgh_' + 'A'.repeat(42) + '='],
    ['a space inside', 'kf_abcdefgh_' + 'A'.repeat(21) + ' ' + 'A'.repeat(21)],
    ['non-ASCII', 'kf_abcdefgh_' + 'é'.repeat(43)],
    ['oversized', 'kf_abcdefgh_' + 'A'.repeat(100_000)],
  ])('refuses %s', (_name, value) => {
    expect(isWellFormedApiKey(value)).toBe(false);
  });
});
