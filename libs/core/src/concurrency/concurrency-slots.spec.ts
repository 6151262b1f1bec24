import { ConcurrencySlots } from './concurrency-slots';

describe('ConcurrencySlots', () => {
  it('refuses over the per-key cap first, then over the total, and frees a slot once', () => {
    const slots = new ConcurrencySlots(2, 3);
    const a1 = slots.tryAcquire('a');
    const a2 = slots.tryAcquire('a');
    expect(slots.tryAcquire('a')).toBe('per_key');
    const b1 = slots.tryAcquire('b');
    expect(slots.total).toBe(3);
    expect(slots.tryAcquire('b')).toBe('total');
    expect(slots.tryAcquire('a')).toBe('per_key');
    if (typeof a1 !== 'function' || typeof a2 !== 'function' || typeof b1 !== 'function') {
      throw new Error('expected three slots');
    }
    expect(a1()).toBe(true);
    expect(a1()).toBe(false);
    expect(slots.total).toBe(2);
    expect(typeof slots.tryAcquire('b')).toBe('function');
    expect(slots.tryAcquire('c')).toBe('total');
    a2();
    b1();
    expect(slots.total).toBe(1);
  });
});
