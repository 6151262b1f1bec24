/**
 * The inside of one boosting round: features binned once into at most 255 float32 cut points, and a
 * depth-wise tree grown on gradient/hessian histograms (the smaller child's histogram is built, the
 * larger one is the parent's minus it).
 */
export interface GrowOptions {
  maxDepth: number;
  learningRate: number;
  lambda: number;
  minChildWeight: number;
  maxBins: number;
}

/** One regression tree; `left[i] < 0` marks a leaf. Node ids are breadth-first from the root (0). */
export interface Tree {
  feature: Int32Array;
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  value: Float32Array;
}

/** Float32 cut points per feature: bin b holds values in (cut[b−1], cut[b]]. */
export function computeCuts(
  X: Float32Array,
  nRows: number,
  nFeatures: number,
  maxBins: number,
): Float32Array[] {
  const stride = Math.max(1, Math.floor(nRows / 200_000));
  const cuts: Float32Array[] = [];
  const sample = new Float32Array(Math.ceil(nRows / stride));
  for (let f = 0; f < nFeatures; f++) {
    let m = 0;
    for (let i = 0; i < nRows; i += stride) sample[m++] = X[i * nFeatures + f];
    const sorted = sample.subarray(0, m).slice().sort();
    const unique: number[] = [];
    for (let i = 0; i < sorted.length; i++)
      if (i === 0 || sorted[i] !== sorted[i - 1]) unique.push(sorted[i]);
    let c: number[];
    if (unique.length <= maxBins) c = unique.slice(0, -1);
    else {
      c = [];
      for (let k = 1; k < maxBins; k++) {
        const v = sorted[Math.floor((k * sorted.length) / maxBins)];
        if (c.length === 0 || v > c[c.length - 1]) c.push(v);
      }
    }
    cuts.push(Float32Array.from(c));
  }
  return cuts;
}

export function binOf(x: number, cut: Float32Array): number {
  let lo = 0;
  let hi = cut.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= cut[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Row-major bin indices [nRows × nFeatures]. */
export function binMatrix(
  X: Float32Array,
  nRows: number,
  nFeatures: number,
  cuts: Float32Array[],
): Uint8Array {
  const bins = new Uint8Array(nRows * nFeatures);
  for (let i = 0; i < nRows; i++) {
    const o = i * nFeatures;
    for (let f = 0; f < nFeatures; f++) bins[o + f] = binOf(X[o + f], cuts[f]);
  }
  return bins;
}

interface PendingNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  hist: Float64Array;
  G: number;
  H: number;
}

export class TreeGrower {
  private readonly NB: number;
  private feature: number[] = [];
  private threshold: number[] = [];
  private left: number[] = [];
  private right: number[] = [];
  private value: number[] = [];
  private readonly tmp: Uint32Array;

  constructor(
    private readonly bins: Uint8Array,
    private readonly F: number,
    private readonly cuts: Float32Array[],
    private readonly g: Float64Array,
    private readonly h: Float64Array,
    private readonly rows: Uint32Array,
    private readonly opts: GrowOptions,
    private readonly gain: Float64Array,
  ) {
    this.NB = opts.maxBins;
    this.tmp = new Uint32Array(rows.length);
  }

  grow(nRowsUsed: number): Tree {
    const rootHist = this.histogram(0, nRowsUsed);
    let G = 0;
    let H = 0;
    for (let k = 0; k < nRowsUsed; k++) {
      G += this.g[this.rows[k]];
      H += this.h[this.rows[k]];
    }
    const queue: PendingNode[] = [
      { id: this.newNode(), start: 0, end: nRowsUsed, depth: 0, hist: rootHist, G, H },
    ];
    for (let q = 0; q < queue.length; q++) {
      const node = queue[q];
      const split = node.depth < this.opts.maxDepth ? this.bestSplit(node) : null;
      if (split === null) {
        this.value[node.id] = Math.fround((-node.G / (node.H + this.opts.lambda)) * this.opts.learningRate);
        continue;
      }
      this.gain[split.feature] += split.gain;
      const mid = this.partition(node.start, node.end, split.feature, split.bin);
      const leftId = this.newNode();
      const rightId = this.newNode();
      this.feature[node.id] = split.feature;
      this.threshold[node.id] = this.cuts[split.feature][split.bin];
      this.left[node.id] = leftId;
      this.right[node.id] = rightId;
      const leftSmaller = mid - node.start <= node.end - mid;
      const small = leftSmaller ? this.histogram(node.start, mid) : this.histogram(mid, node.end);
      const large = node.hist;
      for (let i = 0; i < large.length; i++) large[i] -= small[i];
      const leftHist = leftSmaller ? small : large;
      const rightHist = leftSmaller ? large : small;
      const depth = node.depth + 1;
      queue.push({
        id: leftId,
        start: node.start,
        end: mid,
        depth,
        hist: leftHist,
        G: split.GL,
        H: split.HL,
      });
      queue.push({
        id: rightId,
        start: mid,
        end: node.end,
        depth,
        hist: rightHist,
        G: node.G - split.GL,
        H: node.H - split.HL,
      });
      node.hist = new Float64Array(0);
    }
    return {
      feature: Int32Array.from(this.feature),
      threshold: Float32Array.from(this.threshold),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float32Array.from(this.value),
    };
  }

  private newNode(): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(0);
    return this.feature.length - 1;
  }

  private histogram(start: number, end: number): Float64Array {
    const { F, NB, bins, g, h, rows } = this;
    const hist = new Float64Array(F * NB * 2);
    for (let k = start; k < end; k++) {
      const r = rows[k];
      const gr = g[r];
      const hr = h[r];
      const o = r * F;
      for (let f = 0; f < F; f++) {
        const idx = (f * NB + bins[o + f]) * 2;
        hist[idx] += gr;
        hist[idx + 1] += hr;
      }
    }
    return hist;
  }

  private bestSplit(
    node: PendingNode,
  ): { feature: number; bin: number; gain: number; GL: number; HL: number } | null {
    const { lambda, minChildWeight } = this.opts;
    if (node.H < 2 * minChildWeight) return null;
    const parent = (node.G * node.G) / (node.H + lambda);
    let best: { feature: number; bin: number; gain: number; GL: number; HL: number } | null = null;
    for (let f = 0; f < this.F; f++) {
      const nCuts = this.cuts[f].length;
      let GL = 0;
      let HL = 0;
      for (let b = 0; b < nCuts; b++) {
        const idx = (f * this.NB + b) * 2;
        GL += node.hist[idx];
        HL += node.hist[idx + 1];
        const HR = node.H - HL;
        if (HL < minChildWeight) continue;
        if (HR < minChildWeight) break;
        const GR = node.G - GL;
        const gain = (GL * GL) / (HL + lambda) + (GR * GR) / (HR + lambda) - parent;
        if (gain > 1e-9 && (best === null || gain > best.gain)) best = { feature: f, bin: b, gain, GL, HL };
      }
    }
    return best;
  }

  /** Stable partition of rows[start, end) by `bin <= splitBin`; returns the first right index. */
  private partition(start: number, end: number, f: number, splitBin: number): number {
    const { rows, tmp, bins, F } = this;
    let l = start;
    let r = 0;
    for (let k = start; k < end; k++) {
      const row = rows[k];
      if (bins[row * F + f] <= splitBin) rows[l++] = row;
      else tmp[r++] = row;
    }
    rows.set(tmp.subarray(0, r), l);
    return l;
  }
}
