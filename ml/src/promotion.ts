import { Dataset } from './data/dataset';
import { generateSyntheticDatasetAsync } from './data/synthetic';
import { metricsAt } from './eval/metrics';
import { scoreWithOnnxRuntime } from './onnx/onnx-check';

/**
 * Guarded promotion: a retrained candidate replaces the active model only if, on the same frozen
 * evaluation set, it is not worse on F1 and not worse on false-positive rate (each within a margin).
 * Otherwise it stays a candidate, with the reason recorded.
 */
export interface PromotionMargins {
  f1: number;
  falsePositiveRate: number;
}

export interface FrozenSetScore {
  f1: number;
  falsePositiveRate: number;
  precision: number;
  recall: number;
}

export interface PromotionDecision {
  promote: boolean;
  reason: string;
  candidate: FrozenSetScore;
  active: FrozenSetScore | null;
}

/** The frozen simulator fleet: the same seed every time, so scores of different runs compare. */
export const FROZEN_EVALUATION_SEED = 'frozen-evaluation-v1';

export function decidePromotion(
  candidate: FrozenSetScore,
  active: FrozenSetScore | null,
  margins: PromotionMargins,
): PromotionDecision {
  if (active === null) return { promote: true, reason: 'no active model', candidate, active };
  const f1 = (x: number) => x.toFixed(4);
  if (candidate.f1 < active.f1 - margins.f1) {
    return {
      promote: false,
      reason: `F1 ${f1(candidate.f1)} is below the active model's ${f1(active.f1)} by more than ${margins.f1}`,
      candidate,
      active,
    };
  }
  if (candidate.falsePositiveRate > active.falsePositiveRate + margins.falsePositiveRate) {
    return {
      promote: false,
      reason:
        `false-positive rate ${f1(candidate.falsePositiveRate)} is above the active model's ` +
        `${f1(active.falsePositiveRate)} by more than ${margins.falsePositiveRate}`,
      candidate,
      active,
    };
  }
  return {
    promote: true,
    reason: `F1 ${f1(candidate.f1)} vs ${f1(active.f1)}, false-positive rate ${f1(candidate.falsePositiveRate)} vs ${f1(active.falsePositiveRate)}`,
    candidate,
    active,
  };
}

/** The simulator part of the frozen evaluation set (`--scenario mixed`, 2 days a minute apart). */
export function frozenSimulatorFleet(kiosks: number): Promise<Dataset> {
  return generateSyntheticDatasetAsync({
    seed: FROZEN_EVALUATION_SEED,
    kiosks,
    days: 2,
    stepSec: 60,
    plan: 'mixed',
    serialPrefix: 'FROZEN',
  });
}

/** Scores a model's ONNX bytes (in onnxruntime, as served) on a dataset at the model's threshold. */
export async function scoreOnFrozenSet(
  onnx: Uint8Array,
  threshold: number,
  ds: Dataset,
): Promise<FrozenSetScore> {
  const scores = await scoreWithOnnxRuntime(onnx, ds.X, ds.nRows, ds.nFeatures);
  const m = metricsAt(scores, ds.y, threshold);
  return { f1: m.f1, falsePositiveRate: m.falsePositiveRate, precision: m.precision, recall: m.recall };
}
