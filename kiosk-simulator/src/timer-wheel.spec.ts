import { Timer, TimerWheel } from './timer-wheel';

describe('TimerWheel', () => {
  let now = 0;
  const wheel = () => new TimerWheel(10, 16, () => now);
  beforeEach(() => (now = 1_000_000));

  it('fires a timer once its due time has passed, not before', () => {
    const w = wheel();
    const fired: number[] = [];
    const t = new Timer(() => fired.push(now));
    w.arm(t, 35);
    now += 30;
    w.advance();
    expect(fired).toEqual([]);
    now += 10;
    w.advance();
    expect(fired).toEqual([now]);
    expect(w.size).toBe(0);
  });

  it('handles delays longer than one revolution of the wheel', () => {
    const w = wheel();
    let fired = 0;
    w.arm(new Timer(() => fired++), 1000);
    for (let i = 0; i < 99; i++) {
      now += 10;
      w.advance();
    }
    expect(fired).toBe(0);
    now += 20;
    w.advance();
    expect(fired).toBe(1);
  });

  it('re-arming moves the timer instead of duplicating it, and cancel removes it', () => {
    const w = wheel();
    let fired = 0;
    const t = new Timer(() => fired++);
    w.arm(t, 20);
    w.arm(t, 50);
    expect(w.size).toBe(1);
    now += 30;
    w.advance();
    expect(fired).toBe(0);
    w.cancel(t);
    now += 100;
    w.advance();
    expect(fired).toBe(0);
    expect(t.armed).toBe(false);
  });

  it('lets a callback re-arm its own timer (periodic ticks)', () => {
    const w = wheel();
    let fired = 0;
    const t: Timer = new Timer(() => {
      fired++;
      w.arm(t, 25);
    });
    w.arm(t, 25);
    for (let i = 0; i < 100; i++) {
      now += 1;
      w.advance();
    }
    expect(fired).toBe(3);
  });

  it('keeps many timers apart when some are removed from the middle of a slot', () => {
    const w = wheel();
    const fired: number[] = [];
    const timers = Array.from({ length: 10 }, (_, i) => new Timer(() => fired.push(i)));
    timers.forEach((t) => w.arm(t, 15));
    w.cancel(timers[3]);
    w.cancel(timers[7]);
    now += 20;
    w.advance();
    expect(fired.sort((a, b) => a - b)).toEqual([0, 1, 2, 4, 5, 6, 8, 9]);
  });
});
