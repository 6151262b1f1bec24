import { AlertRows, countFalseAlerts } from './alerts';
import { metricsAt } from './metrics';

export interface ThresholdGoal {
  /** Precision the threshold must reach on validation. */
  targetPrecision: number;
  /** At most this many false alerts per kiosk per day on validation. */
  maxFalseAlertsPerKioskDay: number;
}

export interface ThresholdChoice {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  falseAlertsPerKioskDay: number;
  /** False when no candidate met both goals and the best compromise was taken. */
  metGoal: boolean;
}

const CANDIDATES = 300;

/**
 * The lowest threshold (most recall) that still meets the precision target and the false-alert
 * budget on validation. If none does, the one with the best F1 within the budget, else the
 * strictest candidate.
 */
export function chooseThreshold(scores: Float32Array, rows: AlertRows, goal: ThresholdGoal): ThresholdChoice {
  const sorted = Float32Array.from(scores).sort();
  const candidates = new Set<number>();
  // Dense near the top, where thresholds that matter for rare anomalies live.
  for (let k = 0; k < CANDIDATES; k++) {
    const q = 1 - Math.pow(1 - k / CANDIDATES, 2) * 0.9;
    const v = sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    if (v > 0) candidates.add(v);
  }
  for (const fixed of [0.5, 0.7, 0.9, 0.95, 0.99]) candidates.add(Math.fround(fixed));
  const ordered = [...candidates].sort((a, b) => a - b);
  let best: ThresholdChoice | null = null;
  let fallback: ThresholdChoice | null = null;
  for (const t of ordered) {
    const m = metricsAt(scores, rows.y, t);
    const fa = countFalseAlerts(rows, (i) => scores[i] >= t).perKioskDay;
    const choice: ThresholdChoice = {
      threshold: t,
      precision: m.precision,
      recall: m.recall,
      f1: m.f1,
      falseAlertsPerKioskDay: fa,
      metGoal: true,
    };
    if (m.precision >= goal.targetPrecision && fa <= goal.maxFalseAlertsPerKioskDay) {
      best = choice;
      break;
    }
    if (fa <= goal.maxFalseAlertsPerKioskDay && (fallback === null || choice.f1 > fallback.f1))
      fallback = choice;
  }
  if (best !== null) return best;
  const last = ordered[ordered.length - 1] ?? 0.5;
  const chosen = fallback ?? {
    threshold: last,
    ...(({ precision, recall, f1 }) => ({ precision, recall, f1 }))(metricsAt(scores, rows.y, last)),
    falseAlertsPerKioskDay: countFalseAlerts(rows, (i) => scores[i] >= last).perKioskDay,
    metGoal: false,
  };
  return { ...chosen, metGoal: false };
}
