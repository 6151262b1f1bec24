import { planSummary } from './summary-plan';

const d = (s: string) => new Date(s);

describe('planSummary', () => {
  it('reads whole days from the daily totals and the partial days at both ends from payments', () => {
    expect(planSummary(d('2026-11-01T10:00:00Z'), d('2026-11-05T06:30:00Z'))).toEqual({
      days: { firstDay: '2026-11-02', endDay: '2026-11-05' },
      edges: [
        { from: d('2026-11-01T10:00:00Z'), to: d('2026-11-02T00:00:00Z') },
        { from: d('2026-11-05T00:00:00Z'), to: d('2026-11-05T06:30:00Z') },
      ],
    });
  });

  it('needs no edge for a range on midnights', () => {
    expect(planSummary(d('2026-11-01T00:00:00Z'), d('2026-11-03T00:00:00Z'))).toEqual({
      days: { firstDay: '2026-11-01', endDay: '2026-11-03' },
      edges: [],
    });
  });

  it('reads a range inside one day (or straddling one midnight) from payments only', () => {
    expect(planSummary(d('2026-11-01T10:00:00Z'), d('2026-11-01T12:00:00Z'))).toEqual({
      days: null,
      edges: [{ from: d('2026-11-01T10:00:00Z'), to: d('2026-11-01T12:00:00Z') }],
    });
    expect(planSummary(d('2026-11-01T22:00:00Z'), d('2026-11-02T02:00:00Z')).days).toBeNull();
  });
});
