/** @jest-environment ./ml/testing/onnxruntime-environment.js */
import { TrainingOptions, runTraining } from './pipeline';

const options = (seed: string): TrainingOptions => ({
  seed,
  synthetic: { kiosks: 24, days: 1.25, stepSec: 120 },
  simulatorFleet: { kiosks: 10, days: 1, stepSec: 120 },
  algorithms: ['logistic_regression', 'gradient_boosted_trees'],
  goal: { targetPrecision: 0.9, maxFalseAlertsPerKioskDay: 1 },
  gbdt: { maxTrees: 30 },
  name: 'spec-model',
  createdBy: 'test',
  now: () => new Date('2026-03-01T00:00:00Z'),
});

function withoutTimings<T extends { timingsMs: unknown; candidates: { trainMs: number }[] }>(
  card: T,
): unknown {
  return { ...card, timingsMs: null, candidates: card.candidates.map((c) => ({ ...c, trainMs: 0 })) };
}

describe('training pipeline', () => {
  it('is deterministic: the same seed gives the same model bytes, threshold and metrics', async () => {
    const a = await runTraining(options('determinism'));
    const b = await runTraining(options('determinism'));
    expect(Buffer.from(a.onnx).equals(Buffer.from(b.onnx))).toBe(true);
    expect(withoutTimings(a.card)).toEqual(withoutTimings(b.card));

    const c = await runTraining(options('another-seed'));
    expect(Buffer.from(c.onnx).equals(Buffer.from(a.onnx))).toBe(false);
  });

  it('writes a model card that says what the model reads, how it decides and how good it is', async () => {
    const progress: string[] = [];
    const { card, onnx } = await runTraining({
      ...options('card'),
      onProgress: (p) => progress.push(p.stage),
    });
    expect(card.candidates.map((c) => c.algorithm)).toEqual([
      'logistic_regression',
      'gradient_boosted_trees',
    ]);
    expect(card.candidates.filter((c) => c.selected)).toHaveLength(1);
    const winner = card.candidates.find((c) => c.selected);
    expect(winner?.algorithm).toBe(card.algorithm);
    for (const c of card.candidates)
      expect(winner!.validationPrAuc).toBeGreaterThanOrEqual(c.validationPrAuc);
    expect(card.featureSpec.features).toHaveLength(card.normalisation.mean.length);
    expect(card.onnx.bytes).toBe(onnx.length);
    expect(card.onnx.roundTrip.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    expect(card.threshold).toBeGreaterThan(0);
    expect(card.threshold).toBeLessThan(1);
    const m = card.evaluation.test.metrics;
    for (const v of [m.precision, m.recall, m.f1, m.rocAuc, m.prAuc]) expect(v).toBeGreaterThan(0.5);
    const c = card.evaluation.test.confusion;
    expect(c.tp + c.fp + c.tn + c.fn).toBe(card.evaluation.test.rows);
    expect(card.evaluation.simulatorFleet?.perFault.map((f) => f.fault)).toEqual([
      'overheat',
      'fan_failure',
      'disk_fill',
      'memory_leak',
      'printer_jam_storm',
      'network_degradation',
    ]);
    expect(progress[0]).toBe('generating');
    expect(progress[progress.length - 1]).toBe('done');
  });
});
