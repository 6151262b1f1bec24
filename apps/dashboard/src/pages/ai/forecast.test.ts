import { describe, expect, it } from 'vitest';
import { forecastColumns } from './forecast';

describe('forecastColumns', () => {
  it('lays the days out as uPlot columns: UTC midnight in seconds, expected, low, high', () => {
    const cols = forecastColumns({
      days: [
        { date: '2026-11-26', expected: 182.4, low: 131, high: 233.8 },
        { date: '2026-11-27', expected: 190, low: 120.5, high: 250 },
      ],
    });
    expect(cols).toEqual([
      [Date.UTC(2026, 10, 26) / 1000, Date.UTC(2026, 10, 27) / 1000],
      [182.4, 190],
      [131, 120.5],
      [233.8, 250],
    ]);
  });
});
