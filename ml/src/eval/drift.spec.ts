import { selectRows } from '../data/dataset';
import { generateSyntheticDataset } from '../data/synthetic';
import { FEATURE_COUNT, featureIndex } from '../features/feature-spec';
import { DriftWindow, PSI_DRIFT_THRESHOLD, driftReference, psi } from './drift';

describe('feature drift (PSI)', () => {
  // The same kiosks on two days: the model's training day, and a later day in the field.
  const fleet = generateSyntheticDataset({
    seed: 'drift',
    kiosks: 40,
    days: 2.25,
    stepSec: 120,
    plan: 'none',
  });
  const firstDay: number[] = [];
  const secondDay: number[] = [];
  for (let i = 0; i < fleet.nRows; i++) {
    const start = fleet.tsMs[fleet.kiosk.indexOf(fleet.kiosk[i])];
    (fleet.tsMs[i] - start < 86_400_000 ? firstDay : secondDay).push(i);
  }
  const reference = driftReference(selectRows(fleet, firstDay));

  it('computes the population stability index', () => {
    expect(psi([0.5, 0.5], [0.5, 0.5])).toBe(0);
    expect(psi([0.5, 0.5], [0.9, 0.1])).toBeCloseTo(
      0.4 * Math.log(0.9 / 0.5) + -0.4 * Math.log(0.1 / 0.5),
      10,
    );
  });

  it('stays below 0.2 for readings like the training ones, and flags a shifted population', () => {
    const sameFleet = selectRows(fleet, secondDay);
    const w = new DriftWindow(reference);
    w.add(sameFleet.X, sameFleet.nRows, FEATURE_COUNT);
    expect(w.psi()[0].psi).toBeLessThan(PSI_DRIFT_THRESHOLD);

    // The same readings, 15 °C hotter (a heat wave, or a sensor recalibrated).
    const hot = Float32Array.from(sameFleet.X);
    for (let i = 0; i < sameFleet.nRows; i++) hot[i * FEATURE_COUNT + featureIndex('temperature')] += 15;
    w.reset();
    expect(w.count).toBe(0);
    w.add(hot, sameFleet.nRows, FEATURE_COUNT);
    const top = w.psi()[0];
    expect(top.name).toBe('temperature');
    expect(top.psi).toBeGreaterThan(PSI_DRIFT_THRESHOLD);
  });
});
