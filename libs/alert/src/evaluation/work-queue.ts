/**
 * Runs async work with bounded concurrency. Event storms (a whole site reconnecting: thousands of
 * status changes within a second) would otherwise open one transaction each at once, take the
 * whole connection pool and starve the telemetry writer; queued, they cost latency, not stalls.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly concurrency: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  get pending(): number {
    return this.waiting.length;
  }
}
