import fc from 'fast-check';
import { isSemver, semverSortKey } from './firmware-version';

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

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

/** semver.org §11, written out plainly: the reference the sort key must agree with. */
function precedence(a: string, b: string): number {
  const split = (v: string) => {
    const [main, pre] = v.split('+')[0].split(/-(.*)/s);
    return { core: main.split('.').map(Number), pre: pre === undefined ? null : pre.split('.') };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < 3; i++) if (x.core[i] !== y.core[i]) return x.core[i] < y.core[i] ? -1 : 1;
  if (x.pre === null || y.pre === null) return x.pre === y.pre ? 0 : x.pre === null ? 1 : -1;
  for (let i = 0; i < Math.min(x.pre.length, y.pre.length); i++) {
    const [p, q] = [x.pre[i], y.pre[i]];
    if (p === q) continue;
    const [pn, qn] = [/^\d+$/.test(p), /^\d+$/.test(q)];
    if (pn && qn) return BigInt(p) < BigInt(q) ? -1 : 1;
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return Math.sign(x.pre.length - y.pre.length);
}

describe('semverSortKey against the semver.org precedence rules', () => {
  const numeric = fc.oneof(
    fc.constantFrom('0', '1', '2', '9', '10', '11'),
    fc.bigInt({ min: 0n, max: 10n ** 12n }).map(String),
  );
  const ident = fc.oneof(numeric, fc.constantFrom('alpha', 'beta', 'rc', 'a-b', 'x1', '1x', '-', 'RC', 'z'));
  const version = fc
    .tuple(
      numeric,
      numeric,
      numeric,
      fc.option(fc.array(ident, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    )
    .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre.join('.')}` : ''}`)
    .filter((v) => v.length <= 64);

  it('byte order of the keys is semver precedence for any two versions', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(isSemver(a) && isSemver(b)).toBe(true);
        expect(byteOrder(semverSortKey(a)!, semverSortKey(b)!)).toBe(precedence(a, b));
      }),
      { numRuns: 5000 },
    );
  });
});
