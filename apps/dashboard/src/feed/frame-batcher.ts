import { coalesce, type FeedBatch, type FeedEvent } from './events';

export interface Scheduler {
  /** Runs `fn` at the next paint (requestAnimationFrame in a browser). */
  frame: (fn: () => void) => number;
  cancelFrame: (handle: number) => void;
  /** Fallback timer: hidden tabs get no animation frames, and events must not pile up meanwhile. */
  timeout: (fn: () => void, ms: number) => ReturnType<typeof setTimeout>;
  clearTimeout: (handle: ReturnType<typeof setTimeout>) => void;
}

export const browserScheduler: Scheduler = {
  frame: (fn) => requestAnimationFrame(fn),
  cancelFrame: (h) => cancelAnimationFrame(h),
  timeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h),
};

/** How long a hidden tab buffers at most before merging anyway. */
export const HIDDEN_FLUSH_MS = 500;

/**
 * Collects feed events and hands them over once per animation frame as one coalesced batch, so a
 * burst of thousands of socket messages costs one cache update and one render per frame instead of
 * one per message. Socket handlers only push into an array (O(1)); all the work happens in `flush`.
 */
export class FrameBatcher {
  private pending: FeedEvent[] = [];
  private frameHandle: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly onBatch: (batch: FeedBatch) => void,
    private readonly scheduler: Scheduler = browserScheduler,
  ) {}

  push(event: FeedEvent): void {
    this.pending.push(event);
    if (this.frameHandle !== undefined) return;
    this.frameHandle = this.scheduler.frame(() => this.flush());
    this.timer = this.scheduler.timeout(() => this.flush(), HIDDEN_FLUSH_MS);
  }

  /** Merges what is pending now (also called on frame/timer). */
  flush(): void {
    if (this.frameHandle !== undefined) this.scheduler.cancelFrame(this.frameHandle);
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.frameHandle = undefined;
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.onBatch(coalesce(events));
  }

  /** Drops pending events and timers (feed closed). */
  dispose(): void {
    if (this.frameHandle !== undefined) this.scheduler.cancelFrame(this.frameHandle);
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.frameHandle = undefined;
    this.timer = undefined;
    this.pending = [];
  }
}
