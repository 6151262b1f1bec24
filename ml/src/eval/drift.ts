import type { Dataset } from '../data/dataset';
import { featureIndex } from '../features/feature-spec';

/**
 * Feature drift by the population stability index: live readings binned by the training set's
 * deciles, PSI = Σ (live − train) · ln(live / train) per feature. Above 0.2 the population has
 * moved enough that the model deserves retraining.
 */
/**
 * Features whose fleet-wide distribution is stable day to day on a healthy fleet. Levels that each
 * kiosk holds for weeks (disk, RAM) are left out: they creep by design and would always "drift".
 */
export const DRIFT_FEATURES = [
  'temperature',
  'humidity',
  'air_quality',
  'cpu_usage',
  'log_latency',
  'signal_strength',
  'cpu_temp_over_ambient',
  'cpu_heat_per_load',
] as const;

export const PSI_DRIFT_THRESHOLD = 0.2;
const FLOOR = 1e-4;

export interface DriftFeatureReference {
  name: string;
  /** Upper bin edges (value ≤ edge → that bin); the last bin is open. */
  edges: number[];
  /** Share of training rows per bin (edges.length + 1 bins). */
  expected: number[];
}

export interface DriftReference {
  features: DriftFeatureReference[];
}

export function binOf(x: number, edges: readonly number[]): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Decile edges and bin shares of the training rows, per drift feature. */
export function driftReference(ds: Dataset, bins = 10): DriftReference {
  const stride = Math.max(1, Math.floor(ds.nRows / 100_000));
  const features = DRIFT_FEATURES.map((name) => {
    const j = featureIndex(name);
    const values: number[] = [];
    for (let i = 0; i < ds.nRows; i += stride) values.push(ds.X[i * ds.nFeatures + j]);
    values.sort((a, b) => a - b);
    const edges: number[] = [];
    for (let k = 1; k < bins; k++) {
      const v = values[Math.floor((k * values.length) / bins)];
      if (v !== undefined && (edges.length === 0 || v > edges[edges.length - 1])) edges.push(v);
    }
    const counts = new Array<number>(edges.length + 1).fill(0);
    for (const v of values) counts[binOf(v, edges)]++;
    return { name, edges, expected: counts.map((c) => c / Math.max(1, values.length)) };
  });
  return { features };
}

export function psi(expected: readonly number[], actual: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(FLOOR, expected[i]);
    const a = Math.max(FLOOR, actual[i] ?? 0);
    s += (a - e) * Math.log(a / e);
  }
  return s;
}

/** Live bin counts since the last reset, against one model's reference. */
export class DriftWindow {
  private readonly counts: number[][];
  private readonly columns: number[];
  count = 0;

  constructor(readonly reference: DriftReference) {
    this.counts = reference.features.map((f) => new Array<number>(f.edges.length + 1).fill(0));
    this.columns = reference.features.map((f) => featureIndex(f.name));
  }

  add(X: Float32Array, nRows: number, nFeatures: number): void {
    const features = this.reference.features;
    for (let i = 0; i < nRows; i++) {
      for (let k = 0; k < features.length; k++) {
        this.counts[k][binOf(X[i * nFeatures + this.columns[k]], features[k].edges)]++;
      }
    }
    this.count += nRows;
  }

  /** PSI per feature, largest first. */
  psi(): { name: string; psi: number }[] {
    return this.reference.features
      .map((f, k) => ({
        name: f.name,
        psi: psi(
          f.expected,
          this.counts[k].map((c) => c / Math.max(1, this.count)),
        ),
      }))
      .sort((a, b) => b.psi - a.psi);
  }

  reset(): void {
    for (const c of this.counts) c.fill(0);
    this.count = 0;
  }
}
