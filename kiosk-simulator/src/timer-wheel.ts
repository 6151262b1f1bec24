/**
 * One hashed timer wheel per thread drives every kiosk's timers from a single interval, instead
 * of thousands of setTimeouts: at 10,000 kiosks that is the difference between one wake-up per tick
 * and tens of thousands of timer objects churning through libuv.
 *
 * Timers are reusable objects; re-arming moves the timer (O(1) swap-remove), so a kiosk keeps one
 * Timer per purpose for its whole life and arming allocates nothing.
 */
export class Timer {
  dueAt = 0;
  /** Slot index while armed, -1 otherwise. */
  slot = -1;
  /** Position inside the slot's array, for O(1) removal. */
  pos = -1;

  constructor(public callback: () => void) {}

  get armed(): boolean {
    return this.slot !== -1;
  }
}

export class TimerWheel {
  private readonly slots: Timer[][];
  private cursorTick: number;
  private handle: NodeJS.Timeout | null = null;
  private armedCount = 0;

  constructor(
    private readonly tickMs = 20,
    private readonly slotCount = 4096,
    private readonly now: () => number = Date.now,
  ) {
    this.slots = Array.from({ length: slotCount }, () => []);
    this.cursorTick = Math.floor(this.now() / tickMs);
  }

  get size(): number {
    return this.armedCount;
  }

  start(): void {
    if (this.handle !== null) return;
    this.cursorTick = Math.floor(this.now() / this.tickMs);
    this.handle = setInterval(() => this.advance(), this.tickMs);
  }

  stop(): void {
    if (this.handle !== null) clearInterval(this.handle);
    this.handle = null;
  }

  /** Arms (or re-arms) `timer` to fire after `delayMs`. */
  arm(timer: Timer, delayMs: number): void {
    this.armAt(timer, this.now() + Math.max(0, delayMs));
  }

  armAt(timer: Timer, dueAt: number): void {
    if (timer.slot !== -1) this.remove(timer);
    timer.dueAt = dueAt;
    // The slot whose tick starts at or after the due time, so the timer is due when its slot comes
    // up; and never one the cursor has already passed, or it would wait a full revolution.
    const tick = Math.max(Math.ceil(dueAt / this.tickMs), this.cursorTick + 1);
    const slot = tick % this.slotCount;
    const list = this.slots[slot];
    timer.slot = slot;
    timer.pos = list.length;
    list.push(timer);
    this.armedCount++;
  }

  cancel(timer: Timer): void {
    if (timer.slot !== -1) this.remove(timer);
  }

  /** Fires everything due up to now; public so tests can drive the wheel with a fake clock. */
  advance(): void {
    const nowMs = this.now();
    const targetTick = Math.floor(nowMs / this.tickMs);
    while (this.cursorTick < targetTick) {
      this.cursorTick++;
      this.fireSlot(this.cursorTick % this.slotCount, nowMs);
    }
  }

  private fireSlot(slot: number, nowMs: number): void {
    const list = this.slots[slot];
    if (list.length === 0) return;
    // Timers whose due time is a later revolution stay; due ones are collected first so callbacks
    // that re-arm into this same slot are not seen twice.
    const due: Timer[] = [];
    for (let i = list.length - 1; i >= 0; i--) {
      const t = list[i];
      if (t.dueAt <= nowMs) {
        this.remove(t);
        due.push(t);
      }
    }
    for (let i = due.length - 1; i >= 0; i--) due[i].callback();
  }

  private remove(timer: Timer): void {
    const list = this.slots[timer.slot];
    const last = list.pop() as Timer;
    if (last !== timer) {
      list[timer.pos] = last;
      last.pos = timer.pos;
    }
    timer.slot = -1;
    timer.pos = -1;
    this.armedCount--;
  }
}
