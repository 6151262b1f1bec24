import type Redis from 'ioredis';
import { PeriodicTask } from './periodic-task';

/** A pass the test ends when it chooses. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => undefined as void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describe('PeriodicTask (every instance; the leader lock is tested on a real Redis in test/)', () => {
  const warn = jest.fn();
  const logger = { warn };

  beforeEach(() => {
    jest.useFakeTimers();
    warn.mockReset();
  });
  afterEach(() => jest.useRealTimers());

  it('runs a pass every interval once started, none before and none after stop', async () => {
    const run = jest.fn(() => Promise.resolve());
    const task = new PeriodicTask({ intervalMs: 1_000, run, logger, failure: 'x failed' });
    await jest.advanceTimersByTimeAsync(5_000);
    expect(run).not.toHaveBeenCalled();

    task.start();
    task.start(); // a second start adds no second timer
    await jest.advanceTimersByTimeAsync(999);
    expect(run).toHaveBeenCalledTimes(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(run).toHaveBeenCalledTimes(3);

    await task.stop();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(run).toHaveBeenCalledTimes(3);
  });

  it('skips the ticks that find a pass still running: passes never overlap', async () => {
    const slow = gate();
    let running = 0;
    let most = 0;
    const run = jest.fn(async () => {
      most = Math.max(most, ++running);
      if (run.mock.calls.length === 1) await slow.wait;
      running--;
    });
    const task = new PeriodicTask({ intervalMs: 100, run, logger, failure: 'x failed' });
    task.start();
    await jest.advanceTimersByTimeAsync(550);
    expect(run).toHaveBeenCalledTimes(1);

    slow.open();
    await jest.advanceTimersByTimeAsync(0);
    // The skipped ticks are not made up for: the next pass is the next tick's.
    expect(run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(50);
    expect(run).toHaveBeenCalledTimes(2);
    expect(most).toBe(1);
    await task.stop();
  });

  it('runs once more right after the running pass when triggered during it, however often', async () => {
    const slow = gate();
    const run = jest.fn(async () => {
      if (run.mock.calls.length === 1) await slow.wait;
    });
    const task = new PeriodicTask({ intervalMs: 60_000, run, logger, failure: 'x failed' });
    task.trigger();
    expect(run).toHaveBeenCalledTimes(1);
    task.trigger();
    task.trigger();
    const waited = task.runNow();
    expect(run).toHaveBeenCalledTimes(1);

    slow.open();
    await expect(waited).resolves.toBe(true);
    expect(run).toHaveBeenCalledTimes(2);
    await task.stop();
  });

  it('logs a failed pass with its message and goes on with the next one', async () => {
    const run = jest
      .fn<Promise<void>, [AbortSignal]>()
      .mockRejectedValueOnce(new Error('database down'))
      .mockRejectedValueOnce('not an Error')
      .mockResolvedValue(undefined);
    const task = new PeriodicTask({ intervalMs: 1_000, run, logger, failure: 'sweep failed' });
    task.start();
    await jest.advanceTimersByTimeAsync(3_000);
    expect(run).toHaveBeenCalledTimes(3);
    expect(warn.mock.calls).toEqual([['sweep failed: database down'], ['sweep failed: not an Error']]);
    expect(await task.runNow()).toBe(true);
    await task.stop();
  });

  it('stop aborts the running pass, waits for it to end, and starts no pass afterwards', async () => {
    const slow = gate();
    const signals: AbortSignal[] = [];
    const run = jest.fn(async (stopping: AbortSignal) => {
      signals.push(stopping);
      await slow.wait;
    });
    const task = new PeriodicTask({ intervalMs: 1_000, run, logger, failure: 'x failed' });
    task.start();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(run).toHaveBeenCalledTimes(1);

    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(signals[0].aborted).toBe(true);
    expect(stopped).toBe(false);

    slow.open();
    await stopping;
    expect(stopped).toBe(true);
    task.trigger();
    task.start();
    expect(await task.runNow()).toBe(false);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('refuses a leader lock that would lapse between passes', () => {
    const leader = { redis: {} as Redis, key: 'leader:x', ttlMs: 1_000 };
    const run = () => Promise.resolve();
    expect(() => new PeriodicTask({ intervalMs: 1_000, run, logger, failure: 'x', leader })).toThrow(
      'leader lock leader:x: ttlMs (1000) must exceed intervalMs (1000)',
    );
    expect(() => new PeriodicTask({ intervalMs: 999, run, logger, failure: 'x', leader })).not.toThrow();
  });
});
