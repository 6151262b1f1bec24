import { describe, expect, it } from 'vitest';
import { filtersFromParams, paramsFromFilters } from './filters';

describe('inbox filters in the URL', () => {
  it('opens on open alerts, keeps known values and drops the rest', () => {
    expect(filtersFromParams(new URLSearchParams(''))).toEqual({ status: 'open' });
    expect(
      filtersFromParams(new URLSearchParams('status=all&severity=critical&type=ai_anomaly&kioskId=12')),
    ).toEqual({
      severity: 'critical',
      type: 'ai_anomaly',
      kioskId: 12,
    });
    expect(filtersFromParams(new URLSearchParams('status=bogus&severity=loud&kioskId=-3'))).toEqual({
      status: 'open',
    });
  });

  it('round-trips, "all" included', () => {
    for (const f of [{}, { status: 'resolved' as const, kioskId: 4 }, { severity: 'info' as const }]) {
      expect(filtersFromParams(paramsFromFilters(f))).toEqual(f);
    }
  });
});
