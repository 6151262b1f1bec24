import { Dataset } from '../data/dataset';

export const ALGORITHMS = ['logistic_regression', 'gradient_boosted_trees'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

/** The ONNX graph's input (float32 [N, FEATURE_COUNT] feature rows) and output (float32 [N, 1] probability). */
export const ONNX_INPUT = 'features';
export const ONNX_OUTPUT = 'score';

/**
 * Per-feature mean and standard deviation of the training rows. Stored with the model (inside the
 * ONNX graph for linear models, and in the model card for all) so serving and explanations
 * standardise exactly as training did.
 */
export interface Normalisation {
  mean: Float32Array;
  std: Float32Array;
}

/** A trained model: scores rows in TypeScript exactly as its ONNX export does in onnxruntime. */
export interface AnomalyModel {
  readonly algorithm: Algorithm;
  readonly normalisation: Normalisation;
  /** Probability of anomaly for each row of a row-major float32 matrix. */
  predict(X: Float32Array, nRows: number): Float32Array;
  toOnnx(metadata: Record<string, string>): Uint8Array;
  /** Hyperparameters and size, for the model card. */
  describe(): Record<string, number | string>;
}

export function computeNormalisation(ds: Dataset): Normalisation {
  const F = ds.nFeatures;
  const sum = new Float64Array(F);
  const sumSq = new Float64Array(F);
  for (let i = 0; i < ds.nRows; i++) {
    const o = i * F;
    for (let j = 0; j < F; j++) {
      const v = ds.X[o + j];
      sum[j] += v;
      sumSq[j] += v * v;
    }
  }
  const mean = new Float32Array(F);
  const std = new Float32Array(F);
  const n = Math.max(1, ds.nRows);
  for (let j = 0; j < F; j++) {
    const m = sum[j] / n;
    const variance = Math.max(0, sumSq[j] / n - m * m);
    mean[j] = m;
    // A constant column would divide by zero; leaving it unscaled keeps it harmless.
    std[j] = variance > 1e-12 ? Math.sqrt(variance) : 1;
  }
  return { mean, std };
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
