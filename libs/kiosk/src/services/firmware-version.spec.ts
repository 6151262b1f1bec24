import { isSemver, semverSortKey } from './firmware-version';

const byteOrder = (a: string, b: string) => (Buffer.from(a) < Buffer.from(b) ? -1 : a === b ? 0 : 1);

describe('semverSortKey', () => {
  it('orders versions by semver precedence (the spec’s own example chain and numeric fields)', () => {
    const ordered = [
      '0.9.9',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.2.0',
      '1.10.0',
      '2.3.0-rc.1',
      '2.3.0-rc.2',
      '2.3.0',
      '2.3.1',
      '10.0.0',
    ];
    const keys = ordered.map((v) => semverSortKey(v) as string);
    expect(keys.every((k) => k !== null)).toBe(true);
    expect([...keys].sort(byteOrder)).toEqual(keys);
  });

  it('ignores build metadata and keeps a hyphenated identifier above its prefix', () => {
    expect(semverSortKey('2.3.0+build.7')).toBe(semverSortKey('2.3.0'));
    expect(byteOrder(semverSortKey('1.0.0-alpha')!, semverSortKey('1.0.0-alpha-x')!)).toBe(-1);
  });

  it.each([
    'v2.3.0',
    '2.3',
    '2.3.0.1',
    '02.3.0',
    '2.3.0-',
    '2.3.0-01',
    'latest',
    '',
    ' 2.3.0',
    `1.0.0-${'a'.repeat(60)}`,
  ])('has no key for the non-semver %p', (v) => {
    expect(semverSortKey(v)).toBeNull();
    expect(isSemver(v)).toBe(false);
  });
});
