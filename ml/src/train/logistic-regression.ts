import { Dataset } from '../data/dataset';
import { OnnxModelSpec, encodeOnnxModel, floatTensor } from '../onnx/onnx-builder';
import { AnomalyModel, Normalisation, ONNX_INPUT, ONNX_OUTPUT, sigmoid } from './model';
import { TrainingRng } from './rng';

export interface LogisticOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export const DEFAULT_LOGISTIC_OPTIONS: LogisticOptions = {
  epochs: 6,
  batchSize: 512,
  learningRate: 0.02,
  l2: 1e-5,
  seed: 1,
};

/**
 * Logistic regression on standardised features. Parameters are kept as float32 because that is
 * what the ONNX graph stores: the TypeScript scores and onnxruntime's then agree to rounding.
 */
export class LogisticRegressionModel implements AnomalyModel {
  readonly algorithm = 'logistic_regression' as const;

  constructor(
    readonly normalisation: Normalisation,
    readonly weights: Float32Array,
    readonly bias: number,
    private readonly options: LogisticOptions,
  ) {}

  /** Standardised value of feature j, computed as the ONNX Sub → Div nodes do (float32). */
  standardise(x: number, j: number): number {
    return Math.fround(Math.fround(x - this.normalisation.mean[j]) / this.normalisation.std[j]);
  }

  logit(X: Float32Array, row: number): number {
    const F = this.weights.length;
    let z = this.bias;
    for (let j = 0; j < F; j++) z += this.standardise(X[row * F + j], j) * this.weights[j];
    return z;
  }

  predict(X: Float32Array, nRows: number): Float32Array {
    const out = new Float32Array(nRows);
    for (let i = 0; i < nRows; i++) out[i] = sigmoid(this.logit(X, i));
    return out;
  }

  /** Exact additive explanation: feature j adds `weights[j] · z_j` to the logit. */
  contributions(X: Float32Array, row: number): Float64Array {
    const F = this.weights.length;
    const out = new Float64Array(F);
    for (let j = 0; j < F; j++) out[j] = this.standardise(X[row * F + j], j) * this.weights[j];
    return out;
  }

  toOnnx(metadata: Record<string, string>): Uint8Array {
    const F = this.weights.length;
    const spec: OnnxModelSpec = {
      graphName: 'anomaly_logistic_regression',
      docString: 'P(anomaly) = sigmoid(((features - mean) / std) · w + b)',
      inputs: [{ name: ONNX_INPUT, dims: ['N', F] }],
      outputs: [{ name: ONNX_OUTPUT, dims: ['N', 1] }],
      initializers: [
        floatTensor('mean', [F], this.normalisation.mean),
        floatTensor('std', [F], this.normalisation.std),
        floatTensor('weights', [F, 1], this.weights),
        floatTensor('bias', [1], [this.bias]),
      ],
      nodes: [
        { opType: 'Sub', name: 'center', input: [ONNX_INPUT, 'mean'], output: ['centered'] },
        { opType: 'Div', name: 'scale', input: ['centered', 'std'], output: ['standardised'] },
        { opType: 'MatMul', name: 'linear', input: ['standardised', 'weights'], output: ['linear'] },
        { opType: 'Add', name: 'offset', input: ['linear', 'bias'], output: ['logit'] },
        { opType: 'Sigmoid', name: 'probability', input: ['logit'], output: [ONNX_OUTPUT] },
      ],
      usesMlDomain: false,
      metadata,
    };
    return encodeOnnxModel(spec);
  }

  describe(): Record<string, number | string> {
    return { ...this.options, parameters: this.weights.length + 1 };
  }
}

/**
 * Mini-batch Adam on the log loss with L2, over rows shuffled by a seeded generator: the same data
 * and seed give the same weights, bit for bit.
 */
export function trainLogisticRegression(
  train: Dataset,
  normalisation: Normalisation,
  options: Partial<LogisticOptions> = {},
  onEpoch?: (epoch: number, epochs: number) => void,
): LogisticRegressionModel {
  const work = descend(train, normalisation, options, onEpoch);
  let next = work.next();
  while (!next.done) next = work.next();
  return next.value;
}

/** The same, giving the event loop a turn after each epoch. */
export async function trainLogisticRegressionAsync(
  train: Dataset,
  normalisation: Normalisation,
  options: Partial<LogisticOptions> = {},
  onEpoch?: (epoch: number, epochs: number) => void,
): Promise<LogisticRegressionModel> {
  const work = descend(train, normalisation, options, onEpoch);
  let next = work.next();
  while (!next.done) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    next = work.next();
  }
  return next.value;
}

function* descend(
  train: Dataset,
  normalisation: Normalisation,
  options: Partial<LogisticOptions>,
  onEpoch?: (epoch: number, epochs: number) => void,
): Generator<void, LogisticRegressionModel> {
  const opts = { ...DEFAULT_LOGISTIC_OPTIONS, ...options };
  const F = train.nFeatures;
  const n = train.nRows;
  const Z = new Float32Array(n * F);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < F; j++) {
      const c = Math.fround(train.X[i * F + j] - normalisation.mean[j]);
      Z[i * F + j] = c / normalisation.std[j];
    }
  }
  const w = new Float64Array(F + 1);
  const m = new Float64Array(F + 1);
  const v = new Float64Array(F + 1);
  const grad = new Float64Array(F + 1);
  const rng = new TrainingRng(opts.seed);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const beta1 = 0.9;
  const beta2 = 0.999;
  let step = 0;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    rng.shuffle(order);
    const lr = opts.learningRate / Math.sqrt(1 + epoch);
    for (let start = 0; start < n; start += opts.batchSize) {
      const end = Math.min(n, start + opts.batchSize);
      grad.fill(0);
      for (let k = start; k < end; k++) {
        const i = order[k];
        const o = i * F;
        let z = w[F];
        for (let j = 0; j < F; j++) z += Z[o + j] * w[j];
        const err = sigmoid(z) - train.y[i];
        for (let j = 0; j < F; j++) grad[j] += err * Z[o + j];
        grad[F] += err;
      }
      const size = end - start;
      step++;
      const c1 = 1 - Math.pow(beta1, step);
      const c2 = 1 - Math.pow(beta2, step);
      for (let j = 0; j <= F; j++) {
        const g = grad[j] / size + (j < F ? opts.l2 * w[j] : 0);
        m[j] = beta1 * m[j] + (1 - beta1) * g;
        v[j] = beta2 * v[j] + (1 - beta2) * g * g;
        w[j] -= (lr * (m[j] / c1)) / (Math.sqrt(v[j] / c2) + 1e-8);
      }
    }
    onEpoch?.(epoch + 1, opts.epochs);
    yield;
  }
  return new LogisticRegressionModel(
    normalisation,
    Float32Array.from(w.subarray(0, F)),
    Math.fround(w[F]),
    opts,
  );
}
