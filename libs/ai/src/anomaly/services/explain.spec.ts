import {
  BASELINE_SIGNALS,
  FEATURE_COUNT,
  KioskFeatureExtractor,
  computeFeatureSpecHash,
  featureIndex,
} from '@app/ml';
import { flatReading as reading } from '@app/ml/features/reading.fixture';
import { LogisticRegressionModel } from '@app/ml/train/logistic-regression';
import { FIELD_GROUPS, explainReading } from './explain';

describe('explanations', () => {
  // A linear model that only cares about disk usage (raw and deviation): its explanation is exact.
  const mean = new Float32Array(FEATURE_COUNT);
  const std = new Float32Array(FEATURE_COUNT).fill(1);
  const weights = new Float32Array(FEATURE_COUNT);
  weights[featureIndex('disk_usage')] = 0.05;
  weights[featureIndex('disk_usage_dev')] = 0.2;
  weights[featureIndex('printer_status=paper_jam')] = 1.5;
  const model = new LogisticRegressionModel({ mean, std }, weights, -6, {
    epochs: 1,
    batchSize: 1,
    learningRate: 0,
    l2: 0,
    seed: 1,
  });
  const score = async (X: Float32Array, n: number) => model.predict(X, n);

  it('groups every feature column under exactly one reading field', () => {
    const all = [...FIELD_GROUPS.values()].flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: FEATURE_COUNT }, (_, i) => i));
    expect(FIELD_GROUPS.get('cpu_temp')).toContain(featureIndex('cpu_temp_over_ambient_dev'));
    expect(FIELD_GROUPS.get('latency')).toContain(featureIndex('log_latency_trend'));
    expect(computeFeatureSpecHash()).toMatch(/^[0-9a-f]{16}$/);
  });

  it("gives a linear model's exact contribution against the kiosk's normal, with a readable sentence", async () => {
    const x = new KioskFeatureExtractor();
    // A day of noisy normal disk readings, then the disk jumps by 30 points and the printer jams.
    for (let m = 0; m < 1440; m++) x.row('k', reading({ disk_usage: 60 + (m % 3) - 1 }), m * 60_000);
    const r = reading({ disk_usage: 90, printer_status: 'paper_jam' });
    const row = x.row('k', r, 1440 * 60_000);
    const state = x.stateOf('k')!;
    const [p] = model.predict(row, 1);
    const terms = await explainReading(row, p, r, state, Array.from(mean), score);
    expect(terms.map((t) => t.feature)).toEqual(['disk_usage', 'printer_status']);
    // Exact: the logit drop when disk goes back to its baseline (raw → baseline, deviation → 0).
    const dev = row[featureIndex('disk_usage_dev')];
    const base = state.baseline[BASELINE_SIGNALS.indexOf('disk_usage')];
    const expected = 0.05 * (90 - base) + 0.2 * dev;
    expect(terms[0].contribution).toBeCloseTo(expected, 2);
    expect(terms[0].value).toBe(90);
    expect(terms[0].text).toMatch(/^disk_usage 90 %, \+\d+\.\d\d, \d+\.\dσ above this kiosk's norm$/);
    expect(terms[1].contribution).toBeCloseTo(1.5, 2);
    expect(terms[1].text).toContain('printer_status paper_jam');
  });
});
