/**
 * Coalesces calls made in the same turn of the event loop into one call of `run` (e.g. one SQL
 * statement for the dozens of deliveries a busy worker handles at once), and gives each caller
 * its own result. `run` answers one result per item, in order.
 *
 * With `maxInFlight`, at most that many batches run at once and the calls made meanwhile wait for
 * the next one: under a burst (thousands of kiosks reconnecting in a second) the batches grow
 * instead of their number, so the burst costs a few statements rather than a queue of them in
 * front of everyone else's on the connection pool.
 */
export class Batcher<I, O> {
  private pending: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxSize = 500,
    private readonly maxInFlight = Number.POSITIVE_INFINITY,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxSize && this.inFlight < this.maxInFlight) this.flush();
      else this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.inFlight < this.maxInFlight) this.flush();
    });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending.slice(0, this.maxSize);
    this.pending = this.pending.slice(batch.length);
    this.inFlight++;
    void this.run(batch.map((b) => b.item))
      .then(
        (results) => batch.forEach((b, i) => b.resolve(results[i] as O)),
        (e: unknown) => batch.forEach((b) => b.reject(e)),
      )
      .finally(() => {
        this.inFlight--;
        if (this.pending.length > 0) this.schedule();
      });
  }
}
