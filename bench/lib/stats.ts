/** Small numeric helpers shared by the bench and its child processes. */

/** Nearest-rank percentile of an already sorted array (p in 0..100); NaN when empty. */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Latencies in milliseconds, stored in a growable Float64Array: a steady window of 10,000 kiosks
 * holds ~120,000 samples and the ceiling several hundred thousand, which a number[] would box.
 */
export class LatencyRecorder {
  private data = new Float64Array(1 << 16);
  private n = 0;

  add(ms: number): void {
    if (this.n === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.n++] = ms;
  }

  get count(): number {
    return this.n;
  }

  summary(): { p50: number; p99: number; max: number } {
    const sorted = this.data.slice(0, this.n).sort();
    return {
      p50: percentileSorted(sorted, 50),
      p99: percentileSorted(sorted, 99),
      max: this.n ? (sorted[this.n - 1] as number) : Number.NaN,
    };
  }
}

export const round = (v: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
