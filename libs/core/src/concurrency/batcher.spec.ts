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
