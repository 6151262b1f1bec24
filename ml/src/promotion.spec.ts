/** @jest-environment ./ml/testing/onnxruntime-environment.js */
import { splitByKiosk } from './data/dataset';
import { generateSyntheticDataset } from './data/synthetic';
import { decidePromotion, scoreOnFrozenSet } from './promotion';
import { trainGradientBoostedTrees } from './train/gradient-boosted-trees';
import { trainLogisticRegression } from './train/logistic-regression';
import { computeNormalisation } from './train/model';

const margins = { f1: 0.01, falsePositiveRate: 0.002 };
const score = (f1: number, falsePositiveRate: number) => ({
  f1,
  falsePositiveRate,
  precision: 0.9,
  recall: 0.9,
});

describe('guarded promotion', () => {
  it('promotes when there is no active model, or when the candidate is not worse within the margins', () => {
    expect(decidePromotion(score(0.5, 0.1), null, margins).promote).toBe(true);
    expect(decidePromotion(score(0.95, 0.01), score(0.9, 0.01), margins).promote).toBe(true);
    // Slightly lower F1, within the margin.
    expect(decidePromotion(score(0.895, 0.01), score(0.9, 0.01), margins).promote).toBe(true);
  });

  it('keeps a worse candidate out, saying why', () => {
    const lowF1 = decidePromotion(score(0.85, 0.01), score(0.9, 0.01), margins);
    expect(lowF1.promote).toBe(false);
    expect(lowF1.reason).toContain('F1 0.8500 is below');
    const noisy = decidePromotion(score(0.95, 0.02), score(0.9, 0.01), margins);
    expect(noisy.promote).toBe(false);
    expect(noisy.reason).toContain('false-positive rate 0.0200 is above');
  });

  it('scores exported models on the same rows in onnxruntime: a deliberately weak model loses', async () => {
    const data = generateSyntheticDataset({
      seed: 'promotion',
      kiosks: 30,
      days: 1.5,
      stepSec: 120,
      plan: 'training',
    });
    const split = splitByKiosk(data, { train: 0.6, validation: 0.2 }, 5);
    const norm = computeNormalisation(split.train);
    const strong = trainGradientBoostedTrees(split.train, split.validation, norm, { maxTrees: 40 });
    // One epoch on a sliver of the data, with a learning rate that barely moves the weights.
    const sliver = { ...split.train, nRows: 200 };
    const weak = trainLogisticRegression(sliver, norm, { epochs: 1, learningRate: 1e-4 });
    const frozen = split.test;
    const strongScore = await scoreOnFrozenSet(strong.toOnnx({}), 0.5, frozen);
    const weakScore = await scoreOnFrozenSet(weak.toOnnx({}), 0.5, frozen);
    expect(strongScore.f1).toBeGreaterThan(weakScore.f1 + 0.1);
    expect(decidePromotion(weakScore, strongScore, margins).promote).toBe(false);
    expect(decidePromotion(strongScore, weakScore, margins).promote).toBe(true);
  });
});
