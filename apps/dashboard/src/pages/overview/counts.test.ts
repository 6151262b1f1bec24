import { describe, expect, it } from 'vitest';
import { alert, kiosk } from '../../feed/test-fixtures';
import { countAlerts, countFleet, countsOfSummary, liveAttention, topOpenAlerts } from './counts';

describe('countFleet', () => {
  it('counts by status and by what the kiosk can sell, leaving decommissioned kiosks out', () => {
    const counts = countFleet([
      kiosk(1, { status: 'online', canSell: 'full' }),
      kiosk(2, { status: 'online', canSell: 'card_only' }),
      kiosk(3, { status: 'blocked', canSell: 'none' }),
      kiosk(4, { status: 'offline', canSell: null }),
      kiosk(5, { status: 'decommissioned', canSell: null }),
    ]);
    expect(counts.total).toBe(4);
    expect(counts.byStatus).toEqual({ online: 2, stale: 0, offline: 1, blocked: 1, maintenance: 0 });
    expect(counts.bySell).toEqual({ full: 1, card_only: 1, cash_only: 0, none: 1, unknown: 1 });
  });
});

describe('countAlerts', () => {
  it('counts open alerts by severity and acknowledged ones apart', () => {
    const counts = countAlerts([
      alert('a', { severity: 'critical' }),
      alert('b', { severity: 'critical' }),
      alert('c', { severity: 'info' }),
      alert('d', { severity: 'major', status: 'acknowledged' }),
    ]);
    expect(counts.open).toEqual({ critical: 2, major: 0, warning: 0, info: 1 });
    expect(counts.openTotal).toBe(3);
    expect(counts.acknowledged).toBe(1);
  });
});

describe('countsOfSummary', () => {
  it('takes the API summary’s counts, leaving decommissioned kiosks out of the statuses shown', () => {
    const counts = countsOfSummary({
      total: 5,
      byStatus: { online: 2, stale: 1, offline: 1, blocked: 1, maintenance: 0, decommissioned: 4 },
      bySell: { full: 2, card_only: 0, cash_only: 0, none: 1, unknown: 2 },
    } as Parameters<typeof countsOfSummary>[0]);
    expect(counts).toEqual({
      total: 5,
      byStatus: { online: 2, stale: 1, offline: 1, blocked: 1, maintenance: 0 },
      bySell: { full: 2, card_only: 0, cash_only: 0, none: 1, unknown: 2 },
    });
  });
});

describe('liveAttention', () => {
  it('keeps the API order, drops kiosks that came back, and shows newer urgent statuses', () => {
    const attention = [
      kiosk(5, { status: 'blocked' }),
      kiosk(3, { status: 'offline' }),
      kiosk(2, { status: 'offline' }),
      kiosk(1, { status: 'stale' }),
    ];
    const now = new Map([
      [5, { status: 'blocked' as const, canSell: 'full' as const }],
      [3, { status: 'online' as const, canSell: 'full' as const }],
      [1, { status: 'offline' as const, canSell: null }],
    ]);
    const list = liveAttention(attention, (id) => now.get(id));
    expect(list.map((k) => [k.id, k.status])).toEqual([
      [5, 'blocked'],
      [2, 'offline'],
      [1, 'offline'],
    ]);
    expect(list[0]).toBe(attention[0]);
    expect(list[1]).toBe(attention[2]);
    expect(list[2]).toEqual({ ...attention[3], status: 'offline', canSell: null });
  });
});

describe('topOpenAlerts', () => {
  it('puts the most severe first, then the most recent', () => {
    const list = topOpenAlerts(
      [
        alert('old-critical', { severity: 'critical', lastSeenAt: '2026-12-07T08:00:00.000Z' }),
        alert('new-critical', { severity: 'critical', lastSeenAt: '2026-12-07T09:00:00.000Z' }),
        alert('warning', { severity: 'warning' }),
        alert('acked', { severity: 'critical', status: 'acknowledged' }),
      ],
      3,
    );
    expect(list.map((a) => a.id)).toEqual(['new-critical', 'old-critical', 'warning']);
  });
});
