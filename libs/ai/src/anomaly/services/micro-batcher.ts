/**
 * Collects feature rows from many callers and scores them in one `run()`: when `maxRows` rows are
 * waiting, or `maxWaitMs` after the first one arrived, whichever comes first. Runs are serialised,
 * so rows are scored in the order they were submitted.
 */
export type BatchRunner = (X: Float32Array, nRows: number) => Promise<Float32Array>;

interface Pending {
  offset: number;
  count: number;
  resolve: (scores: Float32Array) => void;
  reject: (e: unknown) => void;
}

export class MicroBatcher {
  private buffer: Float32Array;
  private rows = 0;
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  /** Number of `run()` calls so far (a test and a metric). */
  runs = 0;

  constructor(
    private readonly runner: BatchRunner,
    private readonly width: number,
    private readonly maxRows = 256,
    private readonly maxWaitMs = 10,
  ) {
    this.buffer = new Float32Array(maxRows * width);
  }

  /**
   * Scores `nRows` rows (row-major in `X`); a large request is split over several runs. `now`: run
   * without waiting for company (a whole telemetry batch is company enough, and its acks wait).
   */
  async score(X: Float32Array, nRows: number, now = false): Promise<Float32Array> {
    const out = new Float32Array(nRows);
    const parts: Promise<void>[] = [];
    for (let start = 0; start < nRows;) {
      const take = Math.min(nRows - start, this.maxRows - this.rows);
      const from = start;
      this.buffer.set(X.subarray(from * this.width, (from + take) * this.width), this.rows * this.width);
      parts.push(
        new Promise<Float32Array>((resolve, reject) => {
          this.pending.push({ offset: this.rows, count: take, resolve, reject });
        }).then((scores) => out.set(scores, from)),
      );
      this.rows += take;
      start += take;
      if (this.rows >= this.maxRows) this.flush();
      else if (this.timer === null) this.timer = setTimeout(() => this.flush(), this.maxWaitMs);
    }
    if (now) this.flush();
    await Promise.all(parts);
    return out;
  }

  /** Runs what is waiting now (shutdown, hot swap). */
  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.rows === 0) return;
    const X = this.buffer.slice(0, this.rows * this.width);
    const n = this.rows;
    const waiting = this.pending;
    this.rows = 0;
    this.pending = [];
    this.runs++;
    this.chain = this.chain.then(async () => {
      try {
        const scores = await this.runner(X, n);
        for (const p of waiting) p.resolve(scores.subarray(p.offset, p.offset + p.count));
      } catch (e) {
        for (const p of waiting) p.reject(e);
      }
    });
  }

  /** Resolves once every submitted row has been scored. */
  async drain(): Promise<void> {
    this.flush();
    await this.chain;
  }
}
