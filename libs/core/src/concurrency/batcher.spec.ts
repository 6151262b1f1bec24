import { Batcher } from './batcher';

describe('Batcher', () => {
  it('runs the calls of one event-loop turn as one batch, answering each caller its own result', async () => {
    const runs: number[][] = [];
    const b = new Batcher<number, number>(async (xs) => {
      runs.push(xs);
      return xs.map((x) => x * 10);
    });
    const first = await Promise.all([b.submit(1), b.submit(2), b.submit(3)]);
    const second = await b.submit(4);
    expect(first).toEqual([10, 20, 30]);
    expect(second).toBe(40);
    expect(runs).toEqual([[1, 2, 3], [4]]);
  });

  it('flushes early at the size limit and fails every caller of a failed batch', async () => {
    const runs: number[][] = [];
    const b = new Batcher<number, number>(async (xs) => {
      runs.push(xs);
      if (xs.includes(3)) throw new Error('boom');
      return xs;
    }, 2);
    const results = await Promise.allSettled([b.submit(1), b.submit(2), b.submit(3)]);
    expect(runs).toEqual([[1, 2], [3]]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
  });
});

describe('Batcher with maxInFlight', () => {
  it('lets the calls made while a batch runs wait for the next one, so a burst makes few large batches', async () => {
    const runs: number[][] = [];
    let release: () => void = () => undefined;
    const b = new Batcher<number, number>(
      async (xs) => {
        runs.push(xs);
        if (runs.length === 1) await new Promise<void>((r) => (release = r));
        return xs;
      },
      500,
      1,
    );
    const first = b.submit(1);
    await new Promise((r) => setImmediate(r));
    const later = [2, 3, 4].map((x) => b.submit(x));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(runs).toEqual([[1]]);
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('never runs more than maxSize items at once, even when more wait', async () => {
    const runs: number[][] = [];
    let release: () => void = () => undefined;
    const b = new Batcher<number, number>(
      async (xs) => {
        runs.push(xs);
        if (runs.length === 1) await new Promise<void>((r) => (release = r));
        return xs;
      },
      2,
      1,
    );
    const all = [1, 2, 3, 4, 5].map((x) => b.submit(x));
    await new Promise((r) => setImmediate(r));
    release();
    await Promise.all(all);
    expect(runs).toEqual([[1, 2], [3, 4], [5]]);
  });
});
