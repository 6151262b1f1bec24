import { MicroBatcher } from './micro-batcher';

/** A "model" that returns the first column, and records the size of each run. */
function firstColumn(width: number, sizes: number[]) {
  return async (X: Float32Array, n: number): Promise<Float32Array> => {
    sizes.push(n);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = X[i * width];
    return out;
  };
}

describe('MicroBatcher', () => {
  it('scores rows submitted together in one run, each caller getting its own scores', async () => {
    const sizes: number[] = [];
    const b = new MicroBatcher(firstColumn(2, sizes), 2, 256, 10);
    const results = await Promise.all([
      b.score(Float32Array.from([1, 0, 2, 0]), 2),
      b.score(Float32Array.from([3, 0]), 1),
      b.score(Float32Array.from([4, 0, 5, 0, 6, 0]), 3),
    ]);
    expect(results.map((r) => Array.from(r))).toEqual([[1, 2], [3], [4, 5, 6]]);
    expect(sizes).toEqual([6]);
  });

  it('runs as soon as the batch is full, and splits a large request over several runs', async () => {
    const sizes: number[] = [];
    const b = new MicroBatcher(firstColumn(1, sizes), 1, 4, 1000);
    const X = Float32Array.from({ length: 10 }, (_, i) => i);
    const started = Date.now();
    const first = b.score(X, 10);
    await b.drain();
    expect(Array.from(await first)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sizes).toEqual([4, 4, 2]);
    // The full batches did not wait for the 1 s timer.
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('waits at most maxWaitMs for more rows', async () => {
    const sizes: number[] = [];
    const b = new MicroBatcher(firstColumn(1, sizes), 1, 256, 10);
    const started = performance.now();
    await b.score(Float32Array.from([7]), 1);
    expect(performance.now() - started).toBeLessThan(200);
    expect(sizes).toEqual([1]);
  });

  it('runs at once, with whatever is already waiting, when the caller cannot wait', async () => {
    const sizes: number[] = [];
    const b = new MicroBatcher(firstColumn(1, sizes), 1, 256, 60_000);
    const waiting = b.score(Float32Array.from([1]), 1);
    const started = performance.now();
    expect(Array.from(await b.score(Float32Array.from([2, 3]), 2, true))).toEqual([2, 3]);
    expect(Array.from(await waiting)).toEqual([1]);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(sizes).toEqual([3]);
  });

  it('rejects every caller of a failed run', async () => {
    const b = new MicroBatcher(() => Promise.reject(new Error('boom')), 1, 256, 5);
    await expect(
      Promise.all([b.score(Float32Array.from([1]), 1), b.score(Float32Array.from([2]), 1)]),
    ).rejects.toThrow('boom');
  });
});
