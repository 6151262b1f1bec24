import { Dataset } from '../data/dataset';
import { ONNX_ML_DOMAIN, OnnxModelSpec, attr, encodeOnnxModel } from '../onnx/onnx-builder';
import { AnomalyModel, Normalisation, ONNX_INPUT, ONNX_OUTPUT, sigmoid } from './model';
import { TrainingRng } from './rng';
import { Tree, TreeGrower, binMatrix, binOf, computeCuts } from './tree-grower';

export type { Tree } from './tree-grower';
export { binMatrix, computeCuts } from './tree-grower';

export interface GbdtOptions {
  maxTrees: number;
  maxDepth: number;
  learningRate: number;
  /** L2 on leaf values. */
  lambda: number;
  /** Minimum hessian sum in a child (≈ rows at p = 0.5 × 4). */
  minChildWeight: number;
  /** Share of rows each tree sees. */
  subsample: number;
  maxBins: number;
  /** Stop when validation log loss has not improved for this many trees. */
  earlyStoppingRounds: number;
  seed: number;
}

export const DEFAULT_GBDT_OPTIONS: GbdtOptions = {
  maxTrees: 200,
  maxDepth: 5,
  learningRate: 0.15,
  lambda: 1,
  minChildWeight: 20,
  subsample: 0.5,
  maxBins: 64,
  earlyStoppingRounds: 20,
  seed: 1,
};

/**
 * Gradient-boosted trees for the log loss (second-order, histogram splits). A row goes left when
 * `x <= threshold` with both in float32 — the `BRANCH_LEQ` rule of onnxruntime's TreeEnsemble.
 */
export class GradientBoostedTreesModel implements AnomalyModel {
  readonly algorithm = 'gradient_boosted_trees' as const;

  constructor(
    readonly normalisation: Normalisation,
    readonly baseScore: number,
    readonly trees: Tree[],
    readonly featureGain: Float64Array,
    private readonly options: GbdtOptions,
  ) {}

  logit(X: Float32Array, row: number, nFeatures: number): number {
    const o = row * nFeatures;
    let s = this.baseScore;
    for (const t of this.trees) {
      let node = 0;
      while (t.left[node] >= 0)
        node = X[o + t.feature[node]] <= t.threshold[node] ? t.left[node] : t.right[node];
      s += t.value[node];
    }
    return s;
  }

  predict(X: Float32Array, nRows: number): Float32Array {
    const F = this.normalisation.mean.length;
    const out = new Float32Array(nRows);
    for (let i = 0; i < nRows; i++) out[i] = sigmoid(this.logit(X, i, F));
    return out;
  }

  toOnnx(metadata: Record<string, string>): Uint8Array {
    const F = this.normalisation.mean.length;
    const nodes = {
      treeIds: [] as number[],
      nodeIds: [] as number[],
      featureIds: [] as number[],
      modes: [] as string[],
      values: [] as number[],
      trueIds: [] as number[],
      falseIds: [] as number[],
    };
    const targets = {
      treeIds: [] as number[],
      nodeIds: [] as number[],
      ids: [] as number[],
      weights: [] as number[],
    };
    this.trees.forEach((t, treeId) => {
      for (let i = 0; i < t.left.length; i++) {
        const leaf = t.left[i] < 0;
        nodes.treeIds.push(treeId);
        nodes.nodeIds.push(i);
        nodes.featureIds.push(leaf ? 0 : t.feature[i]);
        nodes.modes.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
        nodes.values.push(leaf ? 0 : t.threshold[i]);
        nodes.trueIds.push(leaf ? 0 : t.left[i]);
        nodes.falseIds.push(leaf ? 0 : t.right[i]);
        if (leaf) {
          targets.treeIds.push(treeId);
          targets.nodeIds.push(i);
          targets.ids.push(0);
          targets.weights.push(t.value[i]);
        }
      }
    });
    const spec: OnnxModelSpec = {
      graphName: 'anomaly_gradient_boosted_trees',
      docString: 'P(anomaly) = sigmoid(base + sum of tree leaves), trees on raw feature values',
      inputs: [{ name: ONNX_INPUT, dims: ['N', F] }],
      outputs: [{ name: ONNX_OUTPUT, dims: ['N', 1] }],
      initializers: [],
      nodes: [
        {
          opType: 'TreeEnsembleRegressor',
          name: 'trees',
          domain: ONNX_ML_DOMAIN,
          input: [ONNX_INPUT],
          output: ['logit'],
          attribute: [
            attr.string('aggregate_function', 'SUM'),
            attr.floats('base_values', [this.baseScore]),
            attr.int('n_targets', 1),
            attr.ints('nodes_falsenodeids', nodes.falseIds),
            attr.ints('nodes_featureids', nodes.featureIds),
            attr.strings('nodes_modes', nodes.modes),
            attr.ints('nodes_nodeids', nodes.nodeIds),
            attr.ints('nodes_treeids', nodes.treeIds),
            attr.ints('nodes_truenodeids', nodes.trueIds),
            attr.floats('nodes_values', nodes.values),
            attr.string('post_transform', 'NONE'),
            attr.ints('target_ids', targets.ids),
            attr.ints('target_nodeids', targets.nodeIds),
            attr.ints('target_treeids', targets.treeIds),
            attr.floats('target_weights', targets.weights),
          ],
        },
        { opType: 'Sigmoid', name: 'probability', input: ['logit'], output: [ONNX_OUTPUT] },
      ],
      usesMlDomain: true,
      metadata,
    };
    return encodeOnnxModel(spec);
  }

  describe(): Record<string, number | string> {
    const nodes = this.trees.reduce((s, t) => s + t.left.length, 0);
    return { ...this.options, trees: this.trees.length, nodes };
  }
}

function treeLogitOnBins(t: Tree, bins: Uint8Array, o: number, cutIndex: Int32Array): number {
  let node = 0;
  while (t.left[node] >= 0) node = bins[o + t.feature[node]] <= cutIndex[node] ? t.left[node] : t.right[node];
  return t.value[node];
}

function cutIndexOf(t: Tree, cuts: Float32Array[]): Int32Array {
  const out = new Int32Array(t.left.length);
  for (let i = 0; i < t.left.length; i++) {
    if (t.left[i] >= 0) out[i] = binOf(t.threshold[i], cuts[t.feature[i]]);
  }
  return out;
}

function logLoss(logits: Float64Array, y: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const z = logits[i];
    // log(1 + e^z) − y·z, computed without overflow.
    s += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z;
  }
  return s / Math.max(1, y.length);
}

export function trainGradientBoostedTrees(
  train: Dataset,
  validation: Dataset,
  normalisation: Normalisation,
  options: Partial<GbdtOptions> = {},
  onTree?: (trees: number, maxTrees: number, validationLoss: number) => void,
): GradientBoostedTreesModel {
  const work = boost(train, validation, normalisation, options, onTree);
  let next = work.next();
  while (!next.done) next = work.next();
  return next.value;
}

/** The same, giving the event loop a turn after each tree. */
export async function trainGradientBoostedTreesAsync(
  train: Dataset,
  validation: Dataset,
  normalisation: Normalisation,
  options: Partial<GbdtOptions> = {},
  onTree?: (trees: number, maxTrees: number, validationLoss: number) => void,
): Promise<GradientBoostedTreesModel> {
  const work = boost(train, validation, normalisation, options, onTree);
  let next = work.next();
  while (!next.done) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    next = work.next();
  }
  return next.value;
}

function* boost(
  train: Dataset,
  validation: Dataset,
  normalisation: Normalisation,
  options: Partial<GbdtOptions>,
  onTree?: (trees: number, maxTrees: number, validationLoss: number) => void,
): Generator<void, GradientBoostedTreesModel> {
  const opts = { ...DEFAULT_GBDT_OPTIONS, ...options };
  const F = train.nFeatures;
  const n = train.nRows;
  const cuts = computeCuts(train.X, n, F, opts.maxBins);
  const bins = binMatrix(train.X, n, F, cuts);
  const vBins = binMatrix(validation.X, validation.nRows, F, cuts);
  let pos = 0;
  for (let i = 0; i < n; i++) pos += train.y[i];
  const prior = Math.min(1 - 1e-6, Math.max(1e-6, pos / Math.max(1, n)));
  const baseScore = Math.fround(Math.log(prior / (1 - prior)));
  const logits = new Float64Array(n).fill(baseScore);
  const vLogits = new Float64Array(validation.nRows).fill(baseScore);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const rows = new Uint32Array(n);
  const rng = new TrainingRng(opts.seed);
  const gain = new Float64Array(F);
  const trees: Tree[] = [];
  let bestLoss = Infinity;
  let bestTrees = 0;
  for (let t = 0; t < opts.maxTrees; t++) {
    let used = 0;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(logits[i]);
      g[i] = p - train.y[i];
      h[i] = Math.max(p * (1 - p), 1e-6);
      if (rng.next() < opts.subsample) rows[used++] = i;
    }
    const tree = new TreeGrower(bins, F, cuts, g, h, rows, opts, gain).grow(used);
    trees.push(tree);
    const cutIndex = cutIndexOf(tree, cuts);
    for (let i = 0; i < n; i++) logits[i] += treeLogitOnBins(tree, bins, i * F, cutIndex);
    for (let i = 0; i < validation.nRows; i++) vLogits[i] += treeLogitOnBins(tree, vBins, i * F, cutIndex);
    const loss = logLoss(vLogits, validation.y);
    onTree?.(t + 1, opts.maxTrees, loss);
    if (loss < bestLoss - 1e-7) {
      bestLoss = loss;
      bestTrees = t + 1;
    } else if (t + 1 - bestTrees >= opts.earlyStoppingRounds) break;
    yield;
  }
  return new GradientBoostedTreesModel(normalisation, baseScore, trees.slice(0, bestTrees), gain, opts);
}
