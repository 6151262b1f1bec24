import { createHash } from 'node:crypto';
import { Dataset, concatDatasets, splitByKiosk } from './data/dataset';
import { generateSyntheticDatasetAsync } from './data/synthetic';
import { driftReference } from './eval/drift';
import { EvaluationReport, evaluate } from './eval/evaluate';
import { prAuc, rocAuc } from './eval/metrics';
import { ThresholdGoal, chooseThreshold } from './eval/threshold';
import { FEATURE_NAMES, FEATURE_SPEC, FEATURE_SPEC_HASH } from './features/feature-spec';
import { CandidateSummary, DataSummary, ModelCard } from './model-card';
import { ONNX_ML_DOMAIN, ONNX_ML_OPSET, ONNX_OPSET } from './onnx/onnx-builder';
import { checkOnnxRoundTrip } from './onnx/onnx-check';
import { GbdtOptions, trainGradientBoostedTreesAsync } from './train/gradient-boosted-trees';
import {
  LogisticOptions,
  LogisticRegressionModel,
  trainLogisticRegressionAsync,
} from './train/logistic-regression';
import {
  ALGORITHMS,
  Algorithm,
  AnomalyModel,
  ONNX_INPUT,
  ONNX_OUTPUT,
  computeNormalisation,
} from './train/model';
import { seedFromString } from './train/rng';

export interface SyntheticDataOptions {
  kiosks: number;
  days: number;
  stepSec: number;
}

export interface TrainingOptions {
  seed: string;
  /** Synthetic training fleet; set `kiosks: 0` to train on `extraData` only. */
  synthetic: SyntheticDataOptions;
  /** Rows from the database or uploaded CSVs, added to the synthetic ones. */
  extraData?: { dataset: Dataset; source: 'database' | 'csv'; description: string }[];
  /** A simulator `--scenario mixed` fleet scored after training; null skips it. */
  simulatorFleet: SyntheticDataOptions | null;
  algorithms: readonly Algorithm[];
  goal: ThresholdGoal;
  logistic?: Partial<LogisticOptions>;
  gbdt?: Partial<GbdtOptions>;
  name: string;
  createdBy: string;
  /** Fixed in tests so two runs produce identical cards. */
  now?: () => Date;
  onProgress?: (progress: TrainingProgress) => void;
}

export interface TrainingProgress {
  stage: string;
  percent: number;
  detail?: string;
}

export interface TrainingResult {
  model: AnomalyModel;
  onnx: Uint8Array;
  card: ModelCard;
  test: EvaluationReport;
  simulatorFleet: EvaluationReport | null;
}

export const DEFAULT_GOAL: ThresholdGoal = { targetPrecision: 0.95, maxFalseAlertsPerKioskDay: 0.25 };

const ROUND_TRIP_ROWS = 20_000;

function positives(ds: Dataset): number {
  let p = 0;
  for (let i = 0; i < ds.nRows; i++) p += ds.y[i];
  return p;
}

/**
 * The whole training run: data → split by kiosk → each trainer → pick by validation PR-AUC →
 * threshold on validation → held-out evaluation (and the simulator fleet) → ONNX export checked in
 * onnxruntime → model card. Deterministic for a seed (except the card's timestamps and timings).
 */
export async function runTraining(opts: TrainingOptions): Promise<TrainingResult> {
  const timings: Record<string, number> = {};
  const progress = (stage: string, percent: number, detail?: string): void =>
    opts.onProgress?.({ stage, percent: Math.round(percent), detail });
  const clock = (): number => performance.now();
  let t = clock();

  progress('generating', 0);
  const parts: Dataset[] = [];
  const descriptions: string[] = [];
  if (opts.synthetic.kiosks > 0) {
    parts.push(
      await generateSyntheticDatasetAsync({
        seed: opts.seed,
        kiosks: opts.synthetic.kiosks,
        days: opts.synthetic.days,
        stepSec: opts.synthetic.stepSec,
        plan: 'training',
        onKiosk: (done, total) => progress('generating', (20 * done) / total),
      }),
    );
    descriptions.push(
      `simulator signal models: ${opts.synthetic.kiosks} kiosks × ${opts.synthetic.days} days every ${opts.synthetic.stepSec} s, training fault plan`,
    );
  }
  for (const extra of opts.extraData ?? []) {
    parts.push(extra.dataset);
    descriptions.push(extra.description);
  }
  if (parts.length === 0) throw new Error('no training data: no synthetic fleet and no extra data');
  const all = parts.length === 1 ? parts[0] : concatDatasets(parts);
  const split = splitByKiosk(all, { train: 0.7, validation: 0.15 }, seedFromString(opts.seed));
  if (split.train.nRows === 0 || split.validation.nRows === 0 || split.test.nRows === 0) {
    throw new Error(
      `too few kiosks to split (${all.kioskKeys.length}): train, validation and test all need some`,
    );
  }
  timings.data = clock() - t;

  const normalisation = computeNormalisation(split.train);
  const candidates: { model: AnomalyModel; summary: CandidateSummary }[] = [];
  const algorithms = opts.algorithms.length > 0 ? opts.algorithms : ALGORITHMS;
  for (let k = 0; k < algorithms.length; k++) {
    const algorithm = algorithms[k];
    const base = 20 + (55 * k) / algorithms.length;
    const span = 55 / algorithms.length;
    t = clock();
    progress(`training ${algorithm}`, base);
    const model =
      algorithm === 'logistic_regression'
        ? await trainLogisticRegressionAsync(
            split.train,
            normalisation,
            { seed: seedFromString(`${opts.seed}:lr`), ...opts.logistic },
            (e, n) => progress(`training ${algorithm}`, base + (span * e) / n),
          )
        : await trainGradientBoostedTreesAsync(
            split.train,
            split.validation,
            normalisation,
            { seed: seedFromString(`${opts.seed}:gbdt`), ...opts.gbdt },
            (e, n, loss) =>
              progress(
                `training ${algorithm}`,
                base + (span * e) / n,
                `validation log loss ${loss.toFixed(4)}`,
              ),
          );
    const trainMs = clock() - t;
    timings[`train_${algorithm}`] = trainMs;
    const v = model.predict(split.validation.X, split.validation.nRows);
    candidates.push({
      model,
      summary: {
        algorithm,
        validationPrAuc: prAuc(v, split.validation.y),
        validationRocAuc: rocAuc(v, split.validation.y),
        trainMs: Math.round(trainMs),
        selected: false,
      },
    });
  }
  // Highest validation PR-AUC wins; on a tie the earlier (simpler) algorithm.
  let winner = candidates[0];
  for (const c of candidates) if (c.summary.validationPrAuc > winner.summary.validationPrAuc) winner = c;
  winner.summary.selected = true;
  const model = winner.model;

  t = clock();
  progress('choosing threshold', 76);
  const validationScores = model.predict(split.validation.X, split.validation.nRows);
  const choice = chooseThreshold(validationScores, split.validation, opts.goal);
  timings.threshold = clock() - t;

  t = clock();
  progress('evaluating', 80);
  const test = evaluate(split.test, model.predict(split.test.X, split.test.nRows), choice.threshold);
  let simulatorFleet: EvaluationReport | null = null;
  if (opts.simulatorFleet !== null) {
    const fleet = await generateSyntheticDatasetAsync({
      seed: `${opts.seed}:simulator-fleet`,
      serialPrefix: 'SIM-EVAL',
      plan: 'mixed',
      ...opts.simulatorFleet,
    });
    simulatorFleet = evaluate(fleet, model.predict(fleet.X, fleet.nRows), choice.threshold);
  }
  timings.evaluation = clock() - t;

  t = clock();
  progress('exporting', 92);
  const createdAt = (opts.now ?? (() => new Date()))();
  const version = `${opts.name}-${createdAt.toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
  const metadata: Record<string, string> = {
    feature_spec_hash: FEATURE_SPEC_HASH,
    algorithm: model.algorithm,
    threshold: String(choice.threshold),
    features: FEATURE_NAMES.join(','),
    seed: opts.seed,
  };
  const onnx = model.toOnnx(metadata);
  const checkRows = Math.min(ROUND_TRIP_ROWS, split.test.nRows);
  const roundTrip = await checkOnnxRoundTrip(model, onnx, split.test.X, checkRows, split.test.nFeatures);
  timings.export = clock() - t;

  const data: DataSummary = {
    source:
      opts.synthetic.kiosks > 0
        ? (opts.extraData ?? []).length > 0
          ? 'mixed'
          : 'synthetic'
        : (opts.extraData?.[0]?.source ?? 'database'),
    description: descriptions.join('; '),
    rows: all.nRows,
    positives: positives(all),
    kiosks: all.kioskKeys.length,
    split: { train: split.train.nRows, validation: split.validation.nRows, test: split.test.nRows },
  };
  const card: ModelCard = {
    name: opts.name,
    version,
    algorithm: model.algorithm,
    createdAt: createdAt.toISOString(),
    createdBy: opts.createdBy,
    seed: opts.seed,
    featureSpec: { hash: FEATURE_SPEC_HASH, version: FEATURE_SPEC.version, features: FEATURE_NAMES },
    normalisation: { mean: Array.from(normalisation.mean), std: Array.from(normalisation.std) },
    drift: driftReference(split.train),
    threshold: choice.threshold,
    thresholdChoice: { ...choice, ...opts.goal },
    metrics: test.metrics,
    evaluation: { test, simulatorFleet },
    candidates: candidates.map((c) => c.summary),
    data,
    hyperparameters: model.describe(),
    linear:
      model instanceof LogisticRegressionModel
        ? { weights: Array.from(model.weights), bias: model.bias }
        : null,
    onnx: {
      file: `${opts.name}.onnx`,
      bytes: onnx.length,
      sha256: createHash('sha256').update(onnx).digest('hex'),
      input: ONNX_INPUT,
      output: ONNX_OUTPUT,
      opsets: {
        'ai.onnx': ONNX_OPSET,
        ...(model.algorithm === 'gradient_boosted_trees' ? { [ONNX_ML_DOMAIN]: ONNX_ML_OPSET } : {}),
      },
      roundTrip,
    },
    timingsMs: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])),
  };
  progress('done', 100);
  return { model, onnx, card, test, simulatorFleet };
}
