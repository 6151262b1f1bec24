import { featureIndex } from '../features/feature-spec';

/**
 * How many alerts a person would see. Like a threshold rule's `forSeconds`, an `ai_anomaly` alert
 * opens once a kiosk's score has stayed above the threshold for ANOMALY_FOR_MS (one noisy reading
 * alone raises nothing); flagged readings close together then belong to that one alert (the alert
 * module keeps one open alert per kiosk and type), and after ALERT_QUIET_MS without a flagged
 * reading the next one starts a new alert. Serving applies the same policy.
 */
export const ANOMALY_FOR_MS = 60_000;
export const ALERT_QUIET_MS = 30 * 60_000;
/** A gap longer than this between two readings (kiosk offline) is not counted as observed time. */
const MAX_EXPOSURE_STEP_MS = 10 * 60_000;

export interface AlertRows {
  nRows: number;
  kiosk: ArrayLike<number>;
  tsMs: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface FalseAlertCount {
  falseAlerts: number;
  /** Kiosk-days of normal (label 0) readings observed. */
  kioskDays: number;
  perKioskDay: number;
}

/**
 * Tracks one kiosk's alert state reading by reading: the policy above, shared by the evaluation
 * and by serving (libs/ai) so both count the same alerts.
 */
export class AnomalyAlertPolicy {
  private runStartMs = -1;
  private lastFlagMs = -Infinity;
  private open = false;

  constructor(
    private readonly forMs = ANOMALY_FOR_MS,
    private readonly quietMs = ALERT_QUIET_MS,
  ) {}

  /** Feeds one reading; true when it opens a new alert. */
  observe(atMs: number, flagged: boolean): boolean {
    if (this.open && atMs - this.lastFlagMs > this.quietMs) this.open = false;
    if (!flagged) {
      this.runStartMs = -1;
      return false;
    }
    // A long silence (kiosk offline) also ends a run: what follows is a new episode.
    if (this.runStartMs < 0 || atMs - this.lastFlagMs > this.quietMs) this.runStartMs = atMs;
    this.lastFlagMs = atMs;
    if (this.open || atMs - this.runStartMs < this.forMs) return false;
    this.open = true;
    return true;
  }
}

/**
 * False alerts: alerts opened (under the policy above) on a reading whose label is normal, per
 * kiosk-day of normal readings. Rows of a kiosk must be contiguous and in time order.
 */
export function countFalseAlerts(rows: AlertRows, flagged: (i: number) => boolean): FalseAlertCount {
  let alerts = 0;
  let exposureMs = 0;
  let policy = new AnomalyAlertPolicy();
  for (let i = 0; i < rows.nRows; i++) {
    const sameKiosk = i > 0 && rows.kiosk[i] === rows.kiosk[i - 1];
    if (!sameKiosk) policy = new AnomalyAlertPolicy();
    const opened = policy.observe(rows.tsMs[i], flagged(i));
    if (rows.y[i] !== 0) continue;
    if (sameKiosk) exposureMs += Math.min(MAX_EXPOSURE_STEP_MS, Math.max(0, rows.tsMs[i] - rows.tsMs[i - 1]));
    if (opened) alerts++;
  }
  const kioskDays = exposureMs / 86_400_000;
  return { falseAlerts: alerts, kioskDays, perKioskDay: kioskDays === 0 ? 0 : alerts / kioskDays };
}

/** A threshold rule as an operator would write it (CONTRACT.md §6 alert-rule clause, `>` only). */
export interface ThresholdRule {
  field: string;
  op: '>';
  value: number;
}

/** The thresholds an operator sets on day one: what the model must beat. */
export const DEFAULT_THRESHOLD_RULES: readonly ThresholdRule[] = [
  { field: 'cpu_temp', op: '>', value: 85 },
  { field: 'disk_usage', op: '>', value: 90 },
  { field: 'temperature', op: '>', value: 40 },
  { field: 'ram_usage', op: '>', value: 95 },
];

/** 1 where any rule fires on the row's raw values. */
export function evaluateRules(
  X: Float32Array,
  nRows: number,
  nFeatures: number,
  rules: readonly ThresholdRule[] = DEFAULT_THRESHOLD_RULES,
): Uint8Array {
  const cols = rules.map((r) => featureIndex(r.field));
  const out = new Uint8Array(nRows);
  for (let i = 0; i < nRows; i++) {
    for (let k = 0; k < rules.length; k++) {
      if (X[i * nFeatures + cols[k]] > rules[k].value) {
        out[i] = 1;
        break;
      }
    }
  }
  return out;
}
