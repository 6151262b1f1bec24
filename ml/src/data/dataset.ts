import { FEATURE_COUNT } from '../features/feature-spec';

/**
 * A labelled feature matrix. Rows of one kiosk are contiguous and in time order, which the
 * evaluation needs to count alerts (runs of flagged readings) per kiosk.
 */
export interface Dataset {
  nRows: number;
  nFeatures: number;
  /** Row-major float32 [nRows × nFeatures]: exactly what the ONNX model receives. */
  X: Float32Array;
  y: Uint8Array;
  /** Index into `kioskKeys`. */
  kiosk: Int32Array;
  tsMs: Float64Array;
  /** Telemetry faults active at the reading (bit i = TELEMETRY_FAULTS[i]); 0 when unknown or normal. */
  faultMask: Uint8Array;
  /** Hours since the active telemetry fault began; −1 for normal readings or when unknown. */
  onsetHours: Float32Array;
  kioskKeys: string[];
}

/** Appends rows into typed arrays that grow by doubling. */
export class DatasetBuilder {
  private capacity: number;
  private n = 0;
  private X: Float32Array;
  private y: Uint8Array;
  private kiosk: Int32Array;
  private tsMs: Float64Array;
  private faultMask: Uint8Array;
  private onsetHours: Float32Array;
  readonly kioskKeys: string[] = [];
  private readonly kioskIds = new Map<string, number>();

  constructor(initialRows = 1024) {
    this.capacity = Math.max(16, initialRows);
    this.X = new Float32Array(this.capacity * FEATURE_COUNT);
    this.y = new Uint8Array(this.capacity);
    this.kiosk = new Int32Array(this.capacity);
    this.tsMs = new Float64Array(this.capacity);
    this.faultMask = new Uint8Array(this.capacity);
    this.onsetHours = new Float32Array(this.capacity);
  }

  get rows(): number {
    return this.n;
  }

  kioskId(key: string): number {
    let id = this.kioskIds.get(key);
    if (id === undefined) {
      id = this.kioskKeys.length;
      this.kioskKeys.push(key);
      this.kioskIds.set(key, id);
    }
    return id;
  }

  /** Reserves the next row; the caller writes its features at `X[offset …]` via `rowBuffer()`. */
  add(kioskId: number, tsMs: number, label: 0 | 1, faultMask: number, onsetHours: number): number {
    if (this.n === this.capacity) this.grow();
    const i = this.n++;
    this.y[i] = label;
    this.kiosk[i] = kioskId;
    this.tsMs[i] = tsMs;
    this.faultMask[i] = faultMask;
    this.onsetHours[i] = onsetHours;
    return i;
  }

  /** The feature buffer as it is now (it moves when the builder grows: call after `add`). */
  rowBuffer(): Float32Array {
    return this.X;
  }

  /** Drops the last row again (a reading kept only to advance a kiosk's baselines). */
  pop(): void {
    if (this.n > 0) this.n--;
  }

  build(): Dataset {
    const n = this.n;
    return {
      nRows: n,
      nFeatures: FEATURE_COUNT,
      X: this.X.slice(0, n * FEATURE_COUNT),
      y: this.y.slice(0, n),
      kiosk: this.kiosk.slice(0, n),
      tsMs: this.tsMs.slice(0, n),
      faultMask: this.faultMask.slice(0, n),
      onsetHours: this.onsetHours.slice(0, n),
      kioskKeys: this.kioskKeys.slice(),
    };
  }

  private grow(): void {
    this.capacity *= 2;
    const grow = <T extends Float32Array | Float64Array | Int32Array | Uint8Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.X = grow(this.X, this.capacity * FEATURE_COUNT);
    this.y = grow(this.y, this.capacity);
    this.kiosk = grow(this.kiosk, this.capacity);
    this.tsMs = grow(this.tsMs, this.capacity);
    this.faultMask = grow(this.faultMask, this.capacity);
    this.onsetHours = grow(this.onsetHours, this.capacity);
  }
}

/** The rows whose kiosk is in `kiosks`, in their original order (kiosk rows stay contiguous). */
export function selectKiosks(ds: Dataset, kiosks: ReadonlySet<number>): Dataset {
  const idx: number[] = [];
  for (let i = 0; i < ds.nRows; i++) if (kiosks.has(ds.kiosk[i])) idx.push(i);
  return selectRows(ds, idx);
}

export function selectRows(ds: Dataset, idx: readonly number[]): Dataset {
  const F = ds.nFeatures;
  const n = idx.length;
  const out: Dataset = {
    nRows: n,
    nFeatures: F,
    X: new Float32Array(n * F),
    y: new Uint8Array(n),
    kiosk: new Int32Array(n),
    tsMs: new Float64Array(n),
    faultMask: new Uint8Array(n),
    onsetHours: new Float32Array(n),
    kioskKeys: ds.kioskKeys,
  };
  for (let j = 0; j < n; j++) {
    const i = idx[j];
    out.X.set(ds.X.subarray(i * F, (i + 1) * F), j * F);
    out.y[j] = ds.y[i];
    out.kiosk[j] = ds.kiosk[i];
    out.tsMs[j] = ds.tsMs[i];
    out.faultMask[j] = ds.faultMask[i];
    out.onsetHours[j] = ds.onsetHours[i];
  }
  return out;
}

/**
 * Concatenates datasets, renumbering kiosk ids by key (the same key is the same kiosk). Give each
 * source its own keys (uploads are prefixed with their id) so a kiosk's rows stay contiguous.
 */
export function concatDatasets(parts: readonly Dataset[]): Dataset {
  const b = new DatasetBuilder(parts.reduce((s, p) => s + p.nRows, 0));
  for (const p of parts) {
    const ids = p.kioskKeys.map((k) => b.kioskId(k));
    for (let i = 0; i < p.nRows; i++) {
      const r = b.add(ids[p.kiosk[i]], p.tsMs[i], p.y[i] as 0 | 1, p.faultMask[i], p.onsetHours[i]);
      b.rowBuffer().set(p.X.subarray(i * p.nFeatures, (i + 1) * p.nFeatures), r * p.nFeatures);
    }
  }
  return b.build();
}

/**
 * Splits by kiosk (never by reading: neighbouring readings of one kiosk are near-duplicates, and a
 * split by reading would leak them into validation). Deterministic for a seed.
 */
export function splitByKiosk(
  ds: Dataset,
  fractions: { train: number; validation: number },
  seed: number,
): { train: Dataset; validation: Dataset; test: Dataset } {
  const train = new Set<number>();
  const validation = new Set<number>();
  const test = new Set<number>();
  ds.kioskKeys.forEach((key, id) => {
    const u = hashUnit(`${seed}:${key}`);
    if (u < fractions.train) train.add(id);
    else if (u < fractions.train + fractions.validation) validation.add(id);
    else test.add(id);
  });
  if (ds.kioskKeys.length >= 3 && (train.size === 0 || validation.size === 0 || test.size === 0)) {
    // Few kiosks can leave a part empty by chance: then cut the same hash order by count instead.
    const order = ds.kioskKeys
      .map((key, id) => ({ id, u: hashUnit(`${seed}:${key}`) }))
      .sort((a, b) => a.u - b.u || a.id - b.id);
    const n = order.length;
    const nValidation = Math.max(1, Math.round(n * fractions.validation));
    const nTrain = Math.min(n - nValidation - 1, Math.max(1, Math.round(n * fractions.train)));
    train.clear();
    validation.clear();
    test.clear();
    order.forEach(({ id }, k) => (k < nTrain ? train : k < nTrain + nValidation ? validation : test).add(id));
  }
  return {
    train: selectKiosks(ds, train),
    validation: selectKiosks(ds, validation),
    test: selectKiosks(ds, test),
  };
}

/** FNV-1a of a string with murmur3's finaliser (serials differ only in their last digits), in [0, 1). */
export function hashUnit(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
