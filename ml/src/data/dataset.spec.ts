import { FEATURE_COUNT } from '../features/feature-spec';
import { DatasetBuilder, concatDatasets, splitByKiosk } from './dataset';

function fleet(kiosks: number, rowsEach: number) {
  const b = new DatasetBuilder(4);
  for (let k = 0; k < kiosks; k++) {
    const id = b.kioskId(`K-${k}`);
    for (let r = 0; r < rowsEach; r++) {
      const row = b.add(id, r * 60_000, (r % 2) as 0 | 1, 0, -1);
      b.rowBuffer()[row * FEATURE_COUNT] = k * 1000 + r;
    }
  }
  return b.build();
}

describe('datasets', () => {
  it('grows past its initial capacity without losing rows', () => {
    const ds = fleet(3, 50);
    expect(ds.nRows).toBe(150);
    expect(ds.X[149 * FEATURE_COUNT]).toBe(2049);
    expect(Array.from(ds.kiosk.slice(48, 52))).toEqual([0, 0, 1, 1]);
  });

  it('splits by kiosk: every kiosk in exactly one part, and no part empty even with few kiosks', () => {
    for (const kiosks of [3, 5, 8, 40]) {
      for (let seed = 0; seed < 20; seed++) {
        const { train, validation, test } = splitByKiosk(
          fleet(kiosks, 4),
          { train: 0.7, validation: 0.15 },
          seed,
        );
        expect(train.nRows + validation.nRows + test.nRows).toBe(kiosks * 4);
        expect(Math.min(train.nRows, validation.nRows, test.nRows)).toBeGreaterThan(0);
        const owners = [train, validation, test].map((p) => new Set(Array.from(p.kiosk)));
        for (let k = 0; k < kiosks; k++) expect(owners.filter((o) => o.has(k))).toHaveLength(1);
      }
    }
  });

  it('concatenates datasets keeping kiosks apart', () => {
    const both = concatDatasets([fleet(2, 3), fleet(1, 2)]);
    expect(both.nRows).toBe(8);
    // "K-0" appears in both parts: the same key is the same kiosk.
    expect(both.kioskKeys).toEqual(['K-0', 'K-1']);
    expect(both.X[6 * FEATURE_COUNT]).toBe(0);
  });
});
