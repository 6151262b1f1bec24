import { describe, expect, it } from 'vitest';
import { batchSize, coalesce, type FeedEvent } from './events';
import { alert, payment, statusEvent } from './test-fixtures';

describe('coalesce', () => {
  it('keeps only the newest status per kiosk, by server time, whatever the arrival order', () => {
    const events: FeedEvent[] = [
      { type: 'kiosk_status', payload: statusEvent(1, { status: 'stale', at: '2026-12-07T10:00:02.000Z' }) },
      { type: 'kiosk_status', payload: statusEvent(2, { status: 'online', at: '2026-12-07T10:00:01.000Z' }) },
      { type: 'kiosk_status', payload: statusEvent(1, { status: 'online', at: '2026-12-07T10:00:01.000Z' }) },
    ];
    const batch = coalesce(events);
    expect(batch.kioskStatus.map((e) => [e.kioskId, e.status])).toEqual([
      [2, 'online'],
      [1, 'stale'],
    ]);
  });

  it('folds alert_raised and alert_updated of one alert into its last payload', () => {
    const batch = coalesce([
      { type: 'alert_raised', payload: alert('a1', { status: 'open' }) },
      { type: 'alert_raised', payload: alert('a2') },
      { type: 'alert_updated', payload: alert('a1', { status: 'acknowledged' }) },
    ]);
    expect(batch.alerts.map((a) => [a.id, a.status])).toEqual([
      ['a2', 'open'],
      ['a1', 'acknowledged'],
    ]);
  });

  it('keeps every telemetry reading and command step in arrival order', () => {
    const reading = { timestamp: '2026-12-07T10:00:00.000Z' } as never;
    const batch = coalesce([
      { type: 'kiosk_telemetry', payload: { kioskId: 1, reading } },
      {
        type: 'command_updated',
        payload: { id: 'c1', kioskId: 1, command: 'restart', status: 'sent', at: 'x' },
      },
      { type: 'kiosk_telemetry', payload: { kioskId: 1, reading } },
      {
        type: 'command_updated',
        payload: { id: 'c1', kioskId: 1, command: 'restart', status: 'acknowledged', at: 'y' },
      },
      { type: 'payment_recorded', payload: payment('p1') },
    ]);
    expect(batch.telemetry).toHaveLength(2);
    expect(batch.commands.map((c) => c.status)).toEqual(['sent', 'acknowledged']);
    expect(batch.payments.map((p) => p.id)).toEqual(['p1']);
    expect(batchSize(batch)).toBe(5);
  });
});
