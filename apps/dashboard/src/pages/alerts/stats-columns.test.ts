import { describe, expect, it } from 'vitest';
import { statsColumns, statsUnit } from './stats-columns';
import type { AlertStats } from './queries';

const stats = (...means: [number | null, number | null][]): AlertStats =>
  ({
    groups: means.map(([mttaSec, mttrSec], i) => ({
      key: String(i),
      count: 1,
      mttaSec,
      mttrSec,
      p90TtaSec: null,
      p90TtrSec: null,
    })),
  }) as unknown as AlertStats;

describe('alert response-time chart', () => {
  it('picks the unit from the longest mean', () => {
    expect(statsUnit(stats([1, 2]))).toBe('s');
    expect(statsUnit(stats([30, null], [null, 600]))).toBe('min');
    expect(statsUnit(stats([60, 9000]))).toBe('h');
  });

  it('gives the bars in that unit, a 2 s MTTR as 2 rather than 0 minutes', () => {
    expect(statsColumns(stats([1.5, 2], [null, 4]), 's')).toEqual([
      [0, 1],
      [1.5, null],
      [2, 4],
    ]);
    expect(statsColumns(stats([90, 5400]), 'min')).toEqual([[0], [1.5], [90]]);
  });
});
