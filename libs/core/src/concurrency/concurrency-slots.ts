/** Which cap refused a slot: the key's own, or the total of all keys. */
export type ConcurrencyRefusal = 'per_key' | 'total';

/** Gives a taken slot back; `true` the first time only, so a caller can count the release once. */
export type ReleaseSlot = () => boolean;

/**
 * In-process counting of things running at once: at most `maxPerKey` per key (a user) and
 * `maxTotal` in all. Dependency-free; the callers own their messages, metrics and what a key is.
 */
export class ConcurrencySlots {
  private readonly perKey = new Map<string, number>();
  private running = 0;

  constructor(
    readonly maxPerKey: number,
    readonly maxTotal: number,
  ) {}

  /** Slots taken and not yet released, all keys. */
  get total(): number {
    return this.running;
  }

  /** Takes a slot for `key`, or names the cap that refuses it (the key's is checked first). */
  tryAcquire(key: string): ReleaseSlot | ConcurrencyRefusal {
    const mine = this.perKey.get(key) ?? 0;
    if (mine >= this.maxPerKey) return 'per_key';
    if (this.running >= this.maxTotal) return 'total';
    this.perKey.set(key, mine + 1);
    this.running++;
    let released = false;
    return () => {
      if (released) return false;
      released = true;
      this.running--;
      const left = (this.perKey.get(key) ?? 1) - 1;
      if (left > 0) this.perKey.set(key, left);
      else this.perKey.delete(key);
      return true;
    };
  }
}
