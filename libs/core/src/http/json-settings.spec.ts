import { checkSettings, SETTINGS_MAX_BYTES, settingsBytes } from './json-settings';

/** An object of `levels` levels of objects (the outer one is level 1). */
function nested(levels: number): Record<string, unknown> {
  let v: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) v = { n: v };
  return v;
}
const sized = (bytes: number) => ({ blob: 'x'.repeat(bytes - '{"blob":""}'.length) });

describe('checkSettings', () => {
  it('takes JSON objects of every JSON type up to the limits', () => {
    expect(checkSettings({})).toBeNull();
    expect(checkSettings({ a: 1, b: 'x', c: true, d: null, e: [1, { f: 2 }], g: { h: -1.5e-7 } })).toBeNull();
    expect(checkSettings(nested(8))).toBeNull();
    expect(settingsBytes(sized(SETTINGS_MAX_BYTES))).toBe(SETTINGS_MAX_BYTES);
    expect(checkSettings(sized(SETTINGS_MAX_BYTES))).toBeNull();
    expect(checkSettings({ emoji: '😀', accents: 'ñandú' })).toBeNull();
  });

  it('refuses anything but a JSON object', () => {
    for (const v of [null, undefined, [], [{}], 'x', 5, true])
      expect(checkSettings(v)).toEqual({ kind: 'invalid', message: 'settings must be a JSON object' });
    expect(checkSettings({ when: new Date(0) })).toEqual({
      kind: 'invalid',
      message: 'settings.when is not a JSON value',
    });
    expect(checkSettings({ f: () => 1 })?.kind).toBe('invalid');
    expect(checkSettings({ n: Number.NaN })).toEqual({
      kind: 'invalid',
      message: 'settings.n must be a finite number',
    });
    expect(checkSettings({ n: Infinity })?.kind).toBe('invalid');
  });

  it('refuses nesting past 8 levels, arrays included', () => {
    expect(checkSettings(nested(9))).toEqual({
      kind: 'invalid',
      message: expect.stringContaining('deeper than 8 levels'),
    });
    expect(checkSettings({ a: [[[[[[[1]]]]]]] })).toBeNull(); // 8 levels: the object and 7 arrays
    expect(checkSettings({ a: [[[[[[[[1]]]]]]]] })?.kind).toBe('invalid');
  });

  it('refuses \\u0000 and lone surrogates in strings and keys, takes surrogate pairs', () => {
    expect(checkSettings({ a: 'x\u0000' })?.kind).toBe('invalid');
    expect(checkSettings({ ['k\u0000']: 1 })?.kind).toBe('invalid');
    expect(checkSettings({ a: '\ud800' })?.kind).toBe('invalid');
    expect(checkSettings({ a: 'x\udc00y' })?.kind).toBe('invalid');
    expect(checkSettings({ ['\udbff']: 1 })?.kind).toBe('invalid');
    expect(checkSettings({ a: ['ok', { b: '\ud83d' }] })?.kind).toBe('invalid');
    expect(checkSettings({ a: '\ud83d\ude00' })).toBeNull();
  });

  it('measures size in UTF-8 bytes of compact JSON and calls it too large, not invalid', () => {
    expect(checkSettings(sized(SETTINGS_MAX_BYTES + 1))).toEqual({
      kind: 'too_large',
      message: `settings take ${SETTINGS_MAX_BYTES + 1} bytes as JSON; at most ${SETTINGS_MAX_BYTES}`,
      bytes: SETTINGS_MAX_BYTES + 1,
    });
    // 4,100 two-byte characters: 4,100 characters but 8,200 bytes.
    expect(checkSettings({ s: 'é'.repeat(4100) })?.kind).toBe('too_large');
    // Escapes count as sent: a quote is two bytes on the wire.
    expect(settingsBytes({ q: '"' })).toBe('{"q":"\\""}'.length);
  });
});
