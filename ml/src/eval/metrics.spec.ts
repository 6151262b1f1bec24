import { ANOMALY_FOR_MS, AnomalyAlertPolicy, countFalseAlerts, evaluateRules } from './alerts';
import { confusionAt, metricsAt, prAuc, rocAuc } from './metrics';
import { chooseThreshold } from './threshold';
import { FEATURE_COUNT, featureIndex } from '../features/feature-spec';

function bruteForceAuc(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    for (let j = 0; j < scores.length; j++) {
      if (labels[i] !== 1 || labels[j] !== 0) continue;
      pairs++;
      wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

describe('metrics', () => {
  const scores = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2];
  const labels = [1, 1, 0, 1, 0, 0, 1, 0];

  it('counts the confusion matrix at a threshold (score ≥ threshold is flagged)', () => {
    expect(confusionAt(scores, labels, 0.6)).toEqual({ tp: 3, fp: 1, tn: 3, fn: 1 });
    const m = metricsAt(scores, labels, 0.6);
    expect(m.precision).toBeCloseTo(0.75);
    expect(m.recall).toBeCloseTo(0.75);
    expect(m.f1).toBeCloseTo(0.75);
    expect(m.falsePositiveRate).toBeCloseTo(0.25);
  });

  it('treats "nothing flagged" as perfect precision and zero recall', () => {
    const m = metricsAt(scores, labels, 2);
    expect(m.precision).toBe(1);
    expect(m.recall).toBe(0);
    expect(m.f1).toBe(0);
  });

  it('computes ROC-AUC as the share of positive/negative pairs ranked right, ties counting half', () => {
    expect(rocAuc(scores, labels)).toBeCloseTo(bruteForceAuc(scores, labels), 12);
    const tied = [0.5, 0.5, 0.5, 0.9, 0.1, 0.5];
    const tiedLabels = [1, 0, 1, 1, 0, 0];
    expect(rocAuc(tied, tiedLabels)).toBeCloseTo(bruteForceAuc(tied, tiedLabels), 12);
    expect(rocAuc([0.1, 0.2], [0, 0])).toBeNaN();
  });

  it('computes PR-AUC as average precision', () => {
    // Positives at ranks 1, 2, 4, 7: AP = (1/1 + 2/2 + 3/4 + 4/7) / 4.
    expect(prAuc(scores, labels)).toBeCloseTo((1 + 1 + 0.75 + 4 / 7) / 4, 12);
    expect(prAuc([0.3, 0.2, 0.1], [1, 1, 1])).toBeCloseTo(1, 12);
  });
});

describe('alerts', () => {
  it('opens an alert only after the score stays above threshold for the hold time, once per episode', () => {
    const policy = new AnomalyAlertPolicy();
    const t = (s: number): number => s * 1000;
    expect(policy.observe(t(0), true)).toBe(false);
    expect(policy.observe(t(30), false)).toBe(false); // a single noisy reading raises nothing
    expect(policy.observe(t(60), true)).toBe(false);
    expect(policy.observe(t(60) + ANOMALY_FOR_MS, true)).toBe(true);
    expect(policy.observe(t(180), true)).toBe(false); // same alert
    expect(policy.observe(t(240), false)).toBe(false);
    expect(policy.observe(t(300), true)).toBe(false); // back within the quiet window: still the same alert
    expect(policy.observe(t(360), true)).toBe(false);
    // After 30 quiet minutes the next persistent run is a new alert.
    expect(policy.observe(t(360 + 1900), true)).toBe(false);
    expect(policy.observe(t(360 + 1960), true)).toBe(true);
  });

  it('counts false alerts per kiosk-day of normal readings', () => {
    const minute = 60_000;
    const n = 2 * 1440;
    const kiosk = new Int32Array(n);
    const tsMs = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      kiosk[i] = i < 1440 ? 0 : 1;
      tsMs[i] = (i % 1440) * minute;
    }
    // Kiosk 0: two separate persistent runs on normal readings → 2 false alerts; kiosk 1: none.
    const flagged = new Set([100, 101, 102, 900, 901, 902, 1200]);
    const count = countFalseAlerts({ nRows: n, kiosk, tsMs, y }, (i) => flagged.has(i));
    expect(count.falseAlerts).toBe(2);
    expect(count.kioskDays).toBeCloseTo((2 * 1439) / 1440, 6);
    expect(count.perKioskDay).toBeCloseTo(2 / count.kioskDays, 6);
  });

  it('applies threshold rules to the raw columns', () => {
    const X = new Float32Array(3 * FEATURE_COUNT);
    X[0 * FEATURE_COUNT + featureIndex('cpu_temp')] = 86;
    X[1 * FEATURE_COUNT + featureIndex('cpu_temp')] = 85;
    X[2 * FEATURE_COUNT + featureIndex('disk_usage')] = 95;
    expect(Array.from(evaluateRules(X, 3, FEATURE_COUNT))).toEqual([1, 0, 1]);
  });
});

describe('threshold choice', () => {
  it('takes the lowest threshold that meets the precision target and the false-alert budget', () => {
    const n = 1000;
    const scores = new Float32Array(n);
    const y = new Uint8Array(n);
    const kiosk = new Int32Array(n);
    const tsMs = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i >= 800 ? 1 : 0;
      // Positives score 0.6–1.0, negatives 0–0.7: overlap between 0.6 and 0.7.
      scores[i] = y[i] === 1 ? 0.6 + (0.4 * (i - 800)) / 200 : (0.7 * i) / 800;
      tsMs[i] = i * 60_000;
    }
    const choice = chooseThreshold(
      scores,
      { nRows: n, kiosk, tsMs, y },
      {
        targetPrecision: 0.95,
        maxFalseAlertsPerKioskDay: 5,
      },
    );
    expect(choice.metGoal).toBe(true);
    expect(choice.precision).toBeGreaterThanOrEqual(0.95);
    expect(choice.falseAlertsPerKioskDay).toBeLessThanOrEqual(5);
    // The best possible threshold, by brute force over every score: the choice is within a grid step.
    const meets = (t: number): boolean =>
      metricsAt(scores, y, t).precision >= 0.95 &&
      countFalseAlerts({ nRows: n, kiosk, tsMs, y }, (i) => scores[i] >= t).perKioskDay <= 5;
    const best = Math.min(...Array.from(scores).filter(meets));
    expect(choice.threshold).toBeGreaterThanOrEqual(best);
    expect(choice.threshold - best).toBeLessThan(0.02);
  });
});
