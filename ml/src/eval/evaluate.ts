import { Dataset } from '../data/dataset';
import { EARLY_STAGE_HOURS, GRADUAL_FAULTS, TELEMETRY_FAULTS, TelemetryFault } from '../data/labels';
import { DEFAULT_THRESHOLD_RULES, ThresholdRule, countFalseAlerts, evaluateRules } from './alerts';
import { ConfusionMatrix, metricsFromConfusion, prAuc, recallWhere, rocAuc } from './metrics';

export interface ModelMetrics {
  precision: number;
  recall: number;
  f1: number;
  rocAuc: number;
  prAuc: number;
  falsePositiveRate: number;
}

export interface FaultRecall {
  fault: TelemetryFault;
  gradual: boolean;
  readings: number;
  modelRecall: number;
  rulesRecall: number;
  /** The first EARLY_STAGE_HOURS after onset. */
  earlyReadings: number;
  modelEarlyRecall: number;
  rulesEarlyRecall: number;
}

export interface EvaluationReport {
  rows: number;
  positives: number;
  threshold: number;
  metrics: ModelMetrics;
  confusion: ConfusionMatrix;
  falseAlertsPerKioskDay: number;
  rules: {
    definition: readonly ThresholdRule[];
    precision: number;
    recall: number;
    f1: number;
    falseAlertsPerKioskDay: number;
  };
  perFault: FaultRecall[];
  earlyStageHours: number;
}

function confusion(flag: ArrayLike<number>, y: ArrayLike<number>): ConfusionMatrix {
  const c: ConfusionMatrix = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) {
      if (flag[i]) c.tp++;
      else c.fn++;
    } else if (flag[i]) c.fp++;
    else c.tn++;
  }
  return c;
}

/** Scores a held-out set at a threshold, next to the default threshold rules on the same readings. */
export function evaluate(
  ds: Dataset,
  scores: Float32Array,
  threshold: number,
  rules: readonly ThresholdRule[] = DEFAULT_THRESHOLD_RULES,
): EvaluationReport {
  const flag = new Uint8Array(ds.nRows);
  let positives = 0;
  for (let i = 0; i < ds.nRows; i++) {
    flag[i] = scores[i] >= threshold ? 1 : 0;
    positives += ds.y[i];
  }
  const ruleFlag = evaluateRules(ds.X, ds.nRows, ds.nFeatures, rules);
  const c = confusion(flag, ds.y);
  const m = metricsFromConfusion(c);
  const rm = metricsFromConfusion(confusion(ruleFlag, ds.y));
  const perFault: FaultRecall[] = TELEMETRY_FAULTS.map((fault, bit) => {
    const has = (i: number): boolean => (ds.faultMask[i] & (1 << bit)) !== 0;
    const early = (i: number): boolean =>
      has(i) && ds.onsetHours[i] >= 0 && ds.onsetHours[i] < EARLY_STAGE_HOURS;
    const model = recallWhere((i) => flag[i] === 1, ds.nRows, has);
    const rulesAll = recallWhere((i) => ruleFlag[i] === 1, ds.nRows, has);
    const modelEarly = recallWhere((i) => flag[i] === 1, ds.nRows, early);
    const rulesEarly = recallWhere((i) => ruleFlag[i] === 1, ds.nRows, early);
    return {
      fault,
      gradual: GRADUAL_FAULTS.includes(fault),
      readings: model.count,
      modelRecall: model.recall,
      rulesRecall: rulesAll.recall,
      earlyReadings: modelEarly.count,
      modelEarlyRecall: modelEarly.recall,
      rulesEarlyRecall: rulesEarly.recall,
    };
  });
  return {
    rows: ds.nRows,
    positives,
    threshold,
    metrics: {
      precision: m.precision,
      recall: m.recall,
      f1: m.f1,
      rocAuc: rocAuc(scores, ds.y),
      prAuc: prAuc(scores, ds.y),
      falsePositiveRate: m.falsePositiveRate,
    },
    confusion: c,
    falseAlertsPerKioskDay: countFalseAlerts(ds, (i) => flag[i] === 1).perKioskDay,
    rules: {
      definition: rules,
      precision: rm.precision,
      recall: rm.recall,
      f1: rm.f1,
      falseAlertsPerKioskDay: countFalseAlerts(ds, (i) => ruleFlag[i] === 1).perKioskDay,
    },
    perFault,
    earlyStageHours: EARLY_STAGE_HOURS,
  };
}

function pct(x: number): string {
  return Number.isNaN(x) ? '   –  ' : `${(x * 100).toFixed(1).padStart(5)}%`;
}

/** The per-fault-type table, rules vs model, as the training output prints it. */
export function formatReport(title: string, r: EvaluationReport): string {
  const lines: string[] = [];
  lines.push(`${title}: ${r.rows} readings, ${r.positives} anomalous; threshold ${r.threshold.toFixed(4)}`);
  lines.push(
    `  model: precision ${pct(r.metrics.precision)} recall ${pct(r.metrics.recall)} F1 ${r.metrics.f1.toFixed(3)} ` +
      `ROC-AUC ${r.metrics.rocAuc.toFixed(4)} PR-AUC ${r.metrics.prAuc.toFixed(4)} ` +
      `false alerts/kiosk/day ${r.falseAlertsPerKioskDay.toFixed(3)}`,
  );
  lines.push(
    `  rules: precision ${pct(r.rules.precision)} recall ${pct(r.rules.recall)} F1 ${r.rules.f1.toFixed(3)} ` +
      `false alerts/kiosk/day ${r.rules.falseAlertsPerKioskDay.toFixed(3)}  (${r.rules.definition
        .map((d) => `${d.field} ${d.op} ${d.value}`)
        .join(', ')})`,
  );
  const c = r.confusion;
  lines.push(`  confusion: tp ${c.tp} fp ${c.fp} tn ${c.tn} fn ${c.fn}`);
  lines.push(
    `  ${'fault'.padEnd(20)} ${'readings'.padStart(8)}  ${'rules'.padStart(6)}  ${'model'.padStart(6)}   ` +
      `${`first ${r.earlyStageHours} h`.padStart(9)}  ${'rules'.padStart(6)}  ${'model'.padStart(6)}  ${'gain'.padStart(6)}`,
  );
  for (const f of r.perFault) {
    const gain = f.modelEarlyRecall - f.rulesEarlyRecall;
    lines.push(
      `  ${(f.fault + (f.gradual ? ' *' : '')).padEnd(20)} ${String(f.readings).padStart(8)}  ${pct(f.rulesRecall)}  ` +
        `${pct(f.modelRecall)}   ${String(f.earlyReadings).padStart(9)}  ${pct(f.rulesEarlyRecall)}  ` +
        `${pct(f.modelEarlyRecall)}  ${Number.isNaN(gain) ? '   –  ' : `${gain >= 0 ? '+' : ''}${gain.toFixed(2)}`.padStart(6)}`,
    );
  }
  lines.push("  (* gradual fault; recall columns: share of the fault's readings flagged)");
  return lines.join('\n');
}
