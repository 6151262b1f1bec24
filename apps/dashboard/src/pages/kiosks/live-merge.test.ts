import { describe, expect, it } from 'vitest';
import { command, kiosk, reading } from './fixtures';
import {
  mergeCommandEventIntoList,
  mergeReadingIntoState,
  mergeStatusIntoPages,
  mergeStatusIntoState,
  type KioskStateDto,
  type KioskStatusEvent,
} from './live-merge';

const status = (
  kioskId: number,
  s: KioskStatusEvent['status'],
  at: string,
  canSell: KioskStatusEvent['canSell'] = 'full',
): KioskStatusEvent => ({
  kioskId,
  status: s,
  connected: s === 'online',
  reporting: s === 'online',
  peripheralsOk: true,
  canSell,
  at,
});

describe('status events merged into the kiosk list', () => {
  const pages = [
    { items: [kiosk(1), kiosk(2)], nextCursor: 'a' },
    { items: [kiosk(3)], nextCursor: null },
  ];

  it('updates only the page holding the kiosk, with the newest event of the batch', () => {
    const out = mergeStatusIntoPages(pages, [
      status(3, 'stale', '2026-12-07T10:00:02Z'),
      status(3, 'offline', '2026-12-07T10:00:05Z', 'none'),
      status(3, 'online', '2026-12-07T10:00:01Z'),
    ]);
    expect(out[0]).toBe(pages[0]);
    expect(out[1].items[0]).toMatchObject({ id: 3, status: 'offline', canSell: 'none' });
    expect(out[1].nextCursor).toBeNull();
    expect(pages[1].items[0].status).toBe('online');
  });

  it('keeps the same list when no loaded kiosk changed (unknown kiosk, same status)', () => {
    expect(mergeStatusIntoPages(pages, [status(99, 'offline', 'x'), status(1, 'online', 'y')])).toBe(pages);
  });

  it('handles a burst over 10,000 kiosks in one pass', () => {
    const big = Array.from({ length: 50 }, (_, p) => ({
      items: Array.from({ length: 200 }, (_, i) => kiosk(p * 200 + i + 1)),
    }));
    const events = Array.from({ length: 2000 }, (_, i) =>
      status(i * 5 + 1, 'offline', '2026-12-07T10:00:00Z'),
    );
    const out = mergeStatusIntoPages(big, events);
    const offline = out.flatMap((p) => p.items).filter((k) => k.status === 'offline');
    expect(offline).toHaveLength(2000);
  });
});

describe('kiosk state', () => {
  const state: KioskStateDto = {
    kioskId: 1,
    status: 'online',
    connected: true,
    reporting: true,
    peripheralsOk: true,
    canSell: 'full',
    lastSeenAt: '2026-12-07T10:00:00Z',
    clockSkewSec: 0.1,
    lastReading: reading('2026-12-07T10:00:00.000Z'),
  };

  it('takes the liveness signals of its own status events only', () => {
    const ev = {
      ...status(1, 'stale', 'x', 'card_only'),
      connected: true,
      reporting: false,
      peripheralsOk: false,
    };
    expect(mergeStatusIntoState(state, ev)).toMatchObject({
      status: 'stale',
      connected: true,
      reporting: false,
      peripheralsOk: false,
      canSell: 'card_only',
    });
    expect(mergeStatusIntoState(state, { ...ev, kioskId: 2 })).toBe(state);
  });

  it('replaces lastReading only with a newer reading', () => {
    expect(mergeReadingIntoState(state, reading('2026-12-07T09:59:59.000Z'))).toBe(state);
    expect(
      mergeReadingIntoState(state, reading('2026-12-07T10:00:05.000Z', 71)).lastReading?.hardware.cpuTemp,
    ).toBe(71);
  });
});

describe('command events merged into a kiosk’s commands', () => {
  const cmd = command({ history: [{ from: null, to: 'pending', at: '2026-12-07T10:00:00Z' }] });

  it('moves a command forward and records the step time and history', () => {
    const sent = mergeCommandEventIntoList([cmd], {
      id: cmd.id,
      kioskId: 1,
      command: 'restart',
      status: 'sent',
      at: '2026-12-07T10:00:01Z',
    });
    expect(sent.known).toBe(true);
    expect(sent.items[0]).toMatchObject({ status: 'sent', sentAt: '2026-12-07T10:00:01Z' });
    const done = mergeCommandEventIntoList(sent.items, {
      id: cmd.id,
      kioskId: 1,
      command: 'restart',
      status: 'succeeded',
      at: '2026-12-07T10:00:04Z',
    });
    expect(done.items[0]).toMatchObject({ status: 'succeeded', completedAt: '2026-12-07T10:00:04Z' });
    expect(done.items[0].history?.map((h) => h.to)).toEqual(['pending', 'sent', 'succeeded']);
  });

  it('never moves a command backwards when events cross', () => {
    const acked = command({ status: 'acknowledged' });
    const out = mergeCommandEventIntoList([acked], {
      id: acked.id,
      kioskId: 1,
      command: 'restart',
      status: 'sent',
      at: 'x',
    });
    expect(out.items[0]).toBe(acked);
  });

  it('reports a command it does not hold so the caller refetches', () => {
    const out = mergeCommandEventIntoList([cmd], {
      id: 'other',
      kioskId: 1,
      command: 'block',
      status: 'pending',
      at: 'x',
    });
    expect(out).toEqual({ items: [cmd], known: false });
  });
});
