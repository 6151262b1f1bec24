import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('allows a burst, then the sustained rate', () => {
    const b = new TokenBucket(20, 40, 0);
    let allowed = 0;
    for (let i = 0; i < 100; i++) if (b.take(0)) allowed++;
    expect(allowed).toBe(40);
    // one second later: 20 more
    allowed = 0;
    for (let i = 0; i < 100; i++) if (b.take(1000)) allowed++;
    expect(allowed).toBe(20);
  });

  it('never stores more than the burst while idle', () => {
    const b = new TokenBucket(20, 5, 0);
    let allowed = 0;
    for (let i = 0; i < 100; i++) if (b.take(60_000)) allowed++;
    expect(allowed).toBe(5);
  });
});
