/** @jest-environment ./ml/testing/onnxruntime-environment.js */
import { generateSyntheticDataset } from '../data/synthetic';
import { splitByKiosk } from '../data/dataset';
import { FEATURE_COUNT } from '../features/feature-spec';
import { GradientBoostedTreesModel, Tree, trainGradientBoostedTrees } from '../train/gradient-boosted-trees';
import { trainLogisticRegression } from '../train/logistic-regression';
import { AnomalyModel, computeNormalisation } from '../train/model';
import { ROUND_TRIP_TOLERANCE, checkOnnxRoundTrip, scoreWithOnnxRuntime } from './onnx-check';
import { decodeOnnxModel } from './onnx-builder';

/** Real onnxruntime-node, real exported bytes: the TypeScript model and the ONNX file must agree. */
describe('ONNX export round trip (onnxruntime-node)', () => {
  const data = generateSyntheticDataset({
    seed: 'onnx-spec',
    kiosks: 16,
    days: 1.5,
    stepSec: 120,
    plan: 'training',
  });
  const split = splitByKiosk(data, { train: 0.6, validation: 0.2 }, 3);
  const norm = computeNormalisation(split.train);

  async function expectSameScores(model: AnomalyModel): Promise<void> {
    const bytes = model.toOnnx({ purpose: 'test' });
    const onnx = await scoreWithOnnxRuntime(bytes, data.X, data.nRows, FEATURE_COUNT);
    const ts = model.predict(data.X, data.nRows);
    expect(onnx).toHaveLength(data.nRows);
    let maxDiff = 0;
    for (let i = 0; i < data.nRows; i++) maxDiff = Math.max(maxDiff, Math.abs(onnx[i] - ts[i]));
    expect(maxDiff).toBeLessThanOrEqual(ROUND_TRIP_TOLERANCE);
    // The model is not trivially constant: scores spread over the range.
    expect(Math.max(...ts) - Math.min(...ts)).toBeGreaterThan(0.5);
  }

  it('logistic regression (Sub, Div, MatMul, Add, Sigmoid) scores the same in onnxruntime', async () => {
    await expectSameScores(trainLogisticRegression(split.train, norm, { epochs: 2 }));
  });

  it('gradient-boosted trees (ai.onnx.ml TreeEnsembleRegressor) score the same in onnxruntime', async () => {
    const model = trainGradientBoostedTrees(split.train, split.validation, norm, { maxTrees: 25 });
    expect(model.trees.length).toBeGreaterThan(1);
    await expectSameScores(model);
  });

  it('sends a value equal to a split threshold left (x <= t), as onnxruntime does', async () => {
    const tree: Tree = {
      feature: Int32Array.from([3, -1, -1]),
      threshold: Float32Array.from([50.5, 0, 0]),
      left: Int32Array.from([1, -1, -1]),
      right: Int32Array.from([2, -1, -1]),
      value: Float32Array.from([0, -2, 2]),
    };
    const model = new GradientBoostedTreesModel(norm, 0.25, [tree], new Float64Array(FEATURE_COUNT), {
      maxTrees: 1,
      maxDepth: 1,
      learningRate: 1,
      lambda: 0,
      minChildWeight: 0,
      subsample: 1,
      maxBins: 2,
      earlyStoppingRounds: 1,
      seed: 1,
    });
    const X = new Float32Array(3 * FEATURE_COUNT);
    X[0 * FEATURE_COUNT + 3] = 50.5;
    X[1 * FEATURE_COUNT + 3] = Math.fround(50.500004);
    X[2 * FEATURE_COUNT + 3] = 50.49;
    const onnx = await scoreWithOnnxRuntime(model.toOnnx({}), X, 3, FEATURE_COUNT);
    const sig = (z: number): number => 1 / (1 + Math.exp(-z));
    expect(onnx[0]).toBeCloseTo(sig(0.25 - 2), 6);
    expect(onnx[1]).toBeCloseTo(sig(0.25 + 2), 6);
    expect(onnx[2]).toBeCloseTo(sig(0.25 - 2), 6);
    const ts = model.predict(X, 3);
    for (let i = 0; i < 3; i++) expect(Math.abs(ts[i] - onnx[i])).toBeLessThanOrEqual(ROUND_TRIP_TOLERANCE);
  });

  it('writes a well-formed ModelProto: IR version, opsets, named input/output, metadata', () => {
    const model = trainGradientBoostedTrees(split.train, split.validation, norm, { maxTrees: 3 });
    const decoded = decodeOnnxModel(model.toOnnx({ feature_spec_hash: 'abc' })) as {
      irVersion: number;
      opsetImport: { domain?: string; version: number }[];
      graph: {
        input: { name: string }[];
        output: { name: string }[];
        node: { opType: string; domain?: string }[];
      };
      metadataProps: { key: string; value: string }[];
    };
    expect(decoded.irVersion).toBe(8);
    expect(decoded.opsetImport).toEqual([{ version: 17 }, { domain: 'ai.onnx.ml', version: 3 }]);
    expect(decoded.graph.input.map((v) => v.name)).toEqual(['features']);
    expect(decoded.graph.output.map((v) => v.name)).toEqual(['score']);
    expect(decoded.graph.node.map((n) => n.opType)).toEqual(['TreeEnsembleRegressor', 'Sigmoid']);
    expect(decoded.metadataProps).toEqual([{ key: 'feature_spec_hash', value: 'abc' }]);
  });

  it('checkOnnxRoundTrip refuses an export that scores differently', async () => {
    const good = trainLogisticRegression(split.train, norm, { epochs: 1 });
    const other = trainLogisticRegression(split.train, norm, { epochs: 1, seed: 99, learningRate: 0.2 });
    await expect(checkOnnxRoundTrip(good, other.toOnnx({}), data.X, 500, FEATURE_COUNT)).rejects.toThrow(
      'disagrees with the TypeScript model',
    );
    const ok = await checkOnnxRoundTrip(good, good.toOnnx({}), data.X, 500, FEATURE_COUNT);
    expect(ok.maxAbsDiff).toBeLessThanOrEqual(ROUND_TRIP_TOLERANCE);
  });
});
