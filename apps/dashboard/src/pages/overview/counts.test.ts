import { describe, expect, it } from 'vitest';
import { alert, kiosk } from '../../feed/test-fixtures';
import { countAlerts, countFleet, needsAttention, topOpenAlerts } from './counts';

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

describe('needsAttention', () => {
  it('lists blocked, then offline, then stale kiosks, the longest silent first, skipping maintenance', () => {
    const list = needsAttention(
      [
        kiosk(1, { status: 'stale', lastSeenAt: '2026-12-07T09:00:00.000Z' }),
        kiosk(2, { status: 'offline', lastSeenAt: '2026-12-07T08:00:00.000Z' }),
        kiosk(3, { status: 'offline', lastSeenAt: null }),
        kiosk(4, { status: 'maintenance' }),
        kiosk(5, { status: 'blocked' }),
        kiosk(6, { status: 'online' }),
      ],
      4,
    );
    expect(list.map((k) => k.id)).toEqual([5, 3, 2, 1]);
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
