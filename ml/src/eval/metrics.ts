/**
 * Binary classification metrics. Scores are probabilities of "anomaly"; labels are 0/1.
 */
export interface ConfusionMatrix {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface ThresholdMetrics {
  precision: number;
  recall: number;
  f1: number;
  falsePositiveRate: number;
  confusion: ConfusionMatrix;
}

type Scores = ArrayLike<number>;
type Labels = ArrayLike<number>;

export function confusionAt(scores: Scores, labels: Labels, threshold: number): ConfusionMatrix {
  const c: ConfusionMatrix = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const flagged = scores[i] >= threshold;
    if (labels[i] === 1) {
      if (flagged) c.tp++;
      else c.fn++;
    } else if (flagged) c.fp++;
    else c.tn++;
  }
  return c;
}

/** Precision of nothing flagged is 1 (no false alarm was raised); recall of no positives is 1. */
export function metricsFromConfusion(c: ConfusionMatrix): ThresholdMetrics {
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const falsePositiveRate = c.fp + c.tn === 0 ? 0 : c.fp / (c.fp + c.tn);
  return { precision, recall, f1, falsePositiveRate, confusion: c };
}

export function metricsAt(scores: Scores, labels: Labels, threshold: number): ThresholdMetrics {
  return metricsFromConfusion(confusionAt(scores, labels, threshold));
}

/** Indices sorted by descending score (ties keep index order, so results are deterministic). */
function orderByScore(scores: Scores): Uint32Array {
  const idx = new Uint32Array(scores.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  return idx.sort((a, b) => scores[b] - scores[a] || a - b);
}

/**
 * ROC-AUC as the Mann–Whitney statistic: the probability that a random positive scores above a
 * random negative, ties counting one half. NaN when a class is absent.
 */
export function rocAuc(scores: Scores, labels: Labels): number {
  const order = orderByScore(scores);
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) pos++;
    else neg++;
  }
  if (pos === 0 || neg === 0) return NaN;
  // Walk from the highest score down; for each group of equal scores, every positive in it beats
  // the negatives below it and ties with the negatives in it.
  let negBelow = neg;
  let wins = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    let p = 0;
    let n = 0;
    while (j < order.length && scores[order[j]] === scores[order[i]]) {
      if (labels[order[j]] === 1) p++;
      else n++;
      j++;
    }
    negBelow -= n;
    wins += p * negBelow + 0.5 * p * n;
    i = j;
  }
  return wins / (pos * neg);
}

/**
 * PR-AUC as average precision: Σ (R_k − R_{k−1}) · P_k over the distinct score thresholds, the
 * step-wise area that does not interpolate optimistically. NaN without positives.
 */
export function prAuc(scores: Scores, labels: Labels): number {
  const order = orderByScore(scores);
  let pos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) pos++;
  if (pos === 0) return NaN;
  let tp = 0;
  let fp = 0;
  let prevRecall = 0;
  let ap = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j < order.length && scores[order[j]] === scores[order[i]]) {
      if (labels[order[j]] === 1) tp++;
      else fp++;
      j++;
    }
    const recall = tp / pos;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
    i = j;
  }
  return ap;
}

/** Recall among the rows selected by `include`. NaN when none is selected. */
export function recallWhere(
  flagged: (i: number) => boolean,
  n: number,
  include: (i: number) => boolean,
): { recall: number; count: number } {
  let count = 0;
  let hit = 0;
  for (let i = 0; i < n; i++) {
    if (!include(i)) continue;
    count++;
    if (flagged(i)) hit++;
  }
  return { recall: count === 0 ? NaN : hit / count, count };
}
