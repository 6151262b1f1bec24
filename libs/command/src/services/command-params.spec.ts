import { validateCommandParams } from './command-params';

describe('validateCommandParams', () => {
  it('accepts each command with its params', () => {
    expect(validateCommandParams('block', { reason: 'vandalism' })).toEqual([]);
    expect(validateCommandParams('unblock', {})).toEqual([]);
    expect(
      validateCommandParams('update', { version: '2.4.1', url: 'https://fw.example/2.4.1.bin' }),
    ).toEqual([]);
    expect(
      validateCommandParams('refund', {
        payment_id: '6f1c1b1e-3d4c-4a8a-9d0e-2a7b8c9d0e1f',
        amount: '12.50',
      }),
    ).toEqual([]);
  });

  it('names missing, malformed and unknown params', () => {
    expect(validateCommandParams('update', {})).toEqual([
      { field: 'params.version', message: 'is required for update' },
    ]);
    expect(validateCommandParams('update', { version: '1', url: 'ftp://x' })).toEqual([
      { field: 'params.url', message: 'must be an http(s) URL' },
    ]);
    expect(validateCommandParams('refund', { payment_id: 'abc', amount: 12.5 })).toEqual([
      { field: 'params.payment_id', message: 'must be a UUID' },
      { field: 'params.amount', message: 'must be a decimal string such as "12.50"' },
    ]);
    expect(validateCommandParams('unblock', { force: true })).toEqual([
      { field: 'params.force', message: 'is not a parameter of unblock' },
    ]);
  });

  it("takes update's sha256 as 64 hex digits only (a rollout's image digest)", () => {
    const params = (sha256: unknown) => ({ version: '2.4.0', url: 'https://fw.example/2.4.0.bin', sha256 });
    expect(validateCommandParams('update', params('ab'.repeat(32)))).toEqual([]);
    expect(validateCommandParams('update', params('AB'.repeat(32)))).toEqual([]);
    const bad = [
      'ab'.repeat(31),
      'ab'.repeat(33),
      'g'.repeat(64),
      ` ${'a'.repeat(63)}`,
      'a'.repeat(63) + '\n',
      42,
      null,
      ['a'.repeat(64)],
    ];
    for (const sha256 of bad) {
      expect(validateCommandParams('update', params(sha256))).toEqual([
        { field: 'params.sha256', message: 'must be a SHA-256 digest (64 hex digits)' },
      ]);
    }
  });
});

describe('validateCommandParams: configure (CONTRACT §8)', () => {
  it('takes a version ≥ 1 and a settings object', () => {
    expect(validateCommandParams('configure', { version: 1, settings: {} })).toEqual([]);
    expect(
      validateCommandParams('configure', {
        version: 42,
        settings: { brightness: 80, screen: { idle: true } },
      }),
    ).toEqual([]);
  });

  it('refuses a bad version, settings that are no object, too large or too deep, and strays', () => {
    expect(validateCommandParams('configure', { version: 0, settings: {} })).toEqual([
      { field: 'params.version', message: 'must be a whole number ≥ 1' },
    ]);
    expect(validateCommandParams('configure', { version: '3', settings: [] })).toEqual([
      { field: 'params.version', message: 'must be a whole number ≥ 1' },
      { field: 'params.settings', message: 'settings must be a JSON object' },
    ]);
    expect(validateCommandParams('configure', { version: 2 ** 53, settings: {} })).toHaveLength(1);
    expect(validateCommandParams('configure', { version: 1, settings: { s: 'x'.repeat(8200) } })).toEqual([
      { field: 'params.settings', message: expect.stringContaining('at most 8192') },
    ]);
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 8; i++) deep = { n: deep };
    expect(validateCommandParams('configure', { version: 1, settings: deep })).toEqual([
      { field: 'params.settings', message: expect.stringContaining('deeper than 8') },
    ]);
    expect(validateCommandParams('configure', { settings: {}, extra: 1 })).toEqual([
      { field: 'params.version', message: 'is required for configure' },
      { field: 'params.extra', message: 'is not a parameter of configure' },
    ]);
  });
});
