import { describe, expect, it } from 'vitest';
import type { FeedBatch } from './events';
import { FrameBatcher, HIDDEN_FLUSH_MS, type Scheduler } from './frame-batcher';
import { statusEvent } from './test-fixtures';

/** A scheduler whose frames and timers run only when the test says so. */
function manualScheduler() {
  const frames = new Map<number, () => void>();
  const timers = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  const scheduler: Scheduler = {
    frame: (fn) => (frames.set(next, fn), next++),
    cancelFrame: (h) => void frames.delete(h),
    timeout: (fn, ms) => {
      timers.set(next, { fn, ms });
      return next++ as unknown as ReturnType<typeof setTimeout>;
    },
    clearTimeout: (h) => void timers.delete(h as unknown as number),
  };
  return {
    scheduler,
    frames,
    timers,
    paint: () => [...frames.values()].forEach((fn) => fn()),
    fireTimers: () => [...timers.values()].forEach((t) => t.fn()),
  };
}

describe('FrameBatcher', () => {
  it('hands over everything pushed before a frame as one batch, on that frame', () => {
    const clock = manualScheduler();
    const batches: FeedBatch[] = [];
    const batcher = new FrameBatcher((b) => batches.push(b), clock.scheduler);
    for (let i = 0; i < 2_000; i++) batcher.push({ type: 'kiosk_status', payload: statusEvent(i % 50) });
    expect(batches).toHaveLength(0);
    expect(clock.frames.size).toBe(1); // one frame requested however many events arrived
    clock.paint();
    expect(batches).toHaveLength(1);
    expect(batches[0].kioskStatus).toHaveLength(50);
    expect(clock.frames.size).toBe(0);
    expect(clock.timers.size).toBe(0);
  });

  it('still flushes through the timer when no frame comes (hidden tab)', () => {
    const clock = manualScheduler();
    const batches: FeedBatch[] = [];
    const batcher = new FrameBatcher((b) => batches.push(b), clock.scheduler);
    batcher.push({ type: 'kiosk_status', payload: statusEvent(1) });
    expect([...clock.timers.values()][0].ms).toBe(HIDDEN_FLUSH_MS);
    clock.fireTimers();
    expect(batches).toHaveLength(1);
    expect(clock.frames.size).toBe(0); // the frame was cancelled: no second, empty flush
  });

  it('drops pending events on dispose', () => {
    const clock = manualScheduler();
    const batches: FeedBatch[] = [];
    const batcher = new FrameBatcher((b) => batches.push(b), clock.scheduler);
    batcher.push({ type: 'kiosk_status', payload: statusEvent(1) });
    batcher.dispose();
    clock.paint();
    clock.fireTimers();
    expect(batches).toHaveLength(0);
  });
});
