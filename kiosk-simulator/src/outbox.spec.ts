import { Outbox, OutboxEntry } from './outbox';

function take(box: Outbox<string>, window = 10): number[] {
  const out: OutboxEntry<string>[] = [];
  box.takeSendable(window, out);
  for (const e of out) box.markInflight(e, 1, 0);
  return out.map((e) => e.key);
}

describe('Outbox', () => {
  it('sends each message once per connection, in order, within the inflight window', () => {
    const box = new Outbox<string>(100);
    for (let i = 1; i <= 5; i++) box.push(i, `m${i}`, 'normal', 0);
    expect(take(box, 3)).toEqual([1, 2, 3]);
    expect(take(box, 3)).toEqual([]);
    expect(box.inflightCount).toBe(3);
  });

  it('forgets acknowledged messages and resends the rest, oldest first, after a rewind', () => {
    const box = new Outbox<string>(100);
    const entries = [1, 2, 3, 4].map((i) => box.push(i, `m${i}`, 'normal', 0));
    take(box);
    box.complete(entries[0]);
    box.hold(entries[2]);
    expect(box.size).toBe(3);
    box.rewind();
    expect(take(box)).toEqual([2, 3, 4]);
    expect(entries[1].emits).toBe(2);
  });

  it('does not resend held messages on the same connection', () => {
    const box = new Outbox<string>(100);
    const e = box.push(1, 'm', 'normal', 0);
    take(box);
    box.hold(e);
    box.push(2, 'n', 'normal', 0);
    expect(take(box)).toEqual([2]);
  });

  it('is bounded: the oldest unacknowledged messages are dropped and counted', () => {
    const box = new Outbox<string>(3);
    for (let i = 1; i <= 5; i++) box.push(i, `m${i}`, 'normal', 0);
    expect(box.size).toBe(3);
    expect(box.dropped).toBe(2);
    expect(take(box)).toEqual([3, 4, 5]);
  });

  it('keeps working after many acknowledgements (compaction)', () => {
    const box = new Outbox<string>(1000);
    for (let i = 1; i <= 500; i++) {
      const e = box.push(i, 'x', 'normal', 0);
      expect(take(box)).toEqual([i]);
      box.complete(e);
    }
    expect(box.size).toBe(0);
    box.push(501, 'y', 'normal', 0);
    expect(take(box)).toEqual([501]);
  });
});
