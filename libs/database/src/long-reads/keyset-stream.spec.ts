import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { KeysetStream } from './keyset-stream';

/** A keyset source over 1..total: `next(last)` answers the chunk after `last` and records the call. */
function source(total: number, chunkRows: number) {
  const calls: number[] = [];
  const rowsAfter = (last: number) =>
    Array.from({ length: Math.max(0, Math.min(chunkRows, total - last)) }, (_, i) => last + i + 1);
  return {
    calls,
    first: rowsAfter(0),
    next: (last: number) => {
      calls.push(last);
      return Promise.resolve(rowsAfter(last));
    },
  };
}

const collect = () => {
  const out: string[] = [];
  const sink = new Writable({
    objectMode: true,
    write(chunk: string, _enc, done) {
      out.push(chunk);
      done();
    },
  });
  return { out, sink };
};

describe('KeysetStream', () => {
  it('reads every row once, chunk after chunk, and stops at the first short chunk', async () => {
    const s = source(25, 10);
    const { out, sink } = collect();
    await pipeline(new KeysetStream({ ...s, chunkRows: 10, map: (n: number) => `#${n}` }), sink);
    expect(out).toEqual(Array.from({ length: 25 }, (_, i) => `#${i + 1}`));
    expect(s.calls).toEqual([10, 20]);
  });

  it('asks once more after an exactly full last chunk, and ends on the empty answer', async () => {
    const s = source(20, 10);
    const { out, sink } = collect();
    await pipeline(new KeysetStream({ ...s, chunkRows: 10, map: String }), sink);
    expect(out).toHaveLength(20);
    expect(s.calls).toEqual([10, 20]);
  });

  it('does not fetch ahead of a reader that stops, and fetches nothing once destroyed', async () => {
    const s = source(1_000_000, 100);
    const stream = new KeysetStream({ ...s, chunkRows: 100, map: String });
    stream.read(); // the reader takes one row and stops
    await new Promise((r) => setTimeout(r, 20));
    expect(s.calls).toEqual([100]); // one chunk ahead at most
    stream.destroy();
    const before = s.calls.length;
    stream.resume();
    await new Promise((r) => setTimeout(r, 20));
    expect(s.calls.length).toBe(before);
  });

  it('yields to the event loop between slices of a chunk, so other work is not held behind a fast reader', async () => {
    const s = source(1000, 1000);
    const { out, sink } = collect();
    const done = pipeline(new KeysetStream({ ...s, chunkRows: 1000, sliceRows: 100, map: String }), sink);
    const seenByOtherWork: number[] = [];
    const watch = () => {
      seenByOtherWork.push(out.length);
      if (out.length < 1000) setImmediate(watch);
    };
    setImmediate(watch);
    await done;
    expect(out).toHaveLength(1000);
    // Other work ran while the chunk was going out, never more than one slice apart.
    expect(seenByOtherWork.filter((n) => n > 0 && n < 1000).length).toBeGreaterThanOrEqual(5);
  });

  it('shares the turns of the event loop among all streams: four fast readers do not take four slices a turn', async () => {
    const sinks = [0, 1, 2, 3].map(() => collect());
    const total = () => sinks.reduce((n, s) => n + s.out.length, 0);
    const done = Promise.all(
      sinks.map(({ sink }) =>
        pipeline(
          new KeysetStream({ ...source(640, 1000), chunkRows: 1000, sliceRows: 32, map: String }),
          sink,
        ),
      ),
    );
    const perTurn: number[] = [];
    let seen = total();
    const watch = () => {
      perTurn.push(total() - seen);
      seen = total();
      if (seen < 4 * 640) setImmediate(watch);
    };
    setImmediate(watch);
    await done;
    expect(total()).toBe(4 * 640);
    // The first slices go out as each stream starts; after that, one slice of one stream per turn.
    expect(Math.max(...perTurn.slice(2))).toBeLessThanOrEqual(2 * 32);
  });

  it('fails the stream when a chunk query fails', async () => {
    const stream = new KeysetStream({
      first: [1, 2],
      next: () => Promise.reject(new Error('statement timeout')),
      chunkRows: 2,
      map: String,
    });
    await expect(pipeline(stream, collect().sink)).rejects.toThrow('statement timeout');
  });
});
