import { interleaveBySite, waveSizes } from './rollout-plan';

describe('waveSizes', () => {
  it('splits by cumulative percentage and covers every kiosk exactly once', () => {
    expect(waveSizes(30, [10, 30, 60])).toEqual([3, 9, 18]);
    expect(waveSizes(10_000, [1, 4, 15, 30, 50])).toEqual([100, 400, 1500, 3000, 5000]);
    expect(waveSizes(7, [33, 33, 34]).reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('gives each wave at least one kiosk while there are enough, and never more kiosks than exist', () => {
    expect(waveSizes(30, [1, 99])).toEqual([1, 29]);
    expect(waveSizes(3, [1, 1, 98])).toEqual([1, 1, 1]);
    expect(waveSizes(2, [10, 10, 80])).toEqual([1, 1, 0]);
    expect(waveSizes(0, [50, 50])).toEqual([0, 0]);
  });
});

describe('interleaveBySite', () => {
  it('takes one kiosk of each site in turn, so the first wave spans the sites', () => {
    const kiosks = [
      { id: 1, site: 'A' },
      { id: 2, site: 'A' },
      { id: 3, site: 'A' },
      { id: 4, site: 'B' },
      { id: 5, site: 'B' },
      { id: 6, site: 'C' },
    ];
    expect(interleaveBySite(kiosks)).toEqual([1, 4, 6, 2, 5, 3]);
  });

  it('keeps every kiosk once whatever the input order', () => {
    const kiosks = Array.from({ length: 50 }, (_, i) => ({ id: 50 - i, site: `s${i % 7}` }));
    const order = interleaveBySite(kiosks);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(order.slice(0, 7).map((id) => kiosks.find((k) => k.id === id)?.site)).size).toBe(7);
  });
});
