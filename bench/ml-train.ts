/**
 * `npm run bench:ml-train [-- --runs 3 --quick]`
 *
 * Retraining time of the anomaly model on 1,000,000 readings (the budget: 5 minutes on this
 * machine): the whole pipeline — synthetic readings from the simulator's models, features, both
 * trainers, threshold choice, held-out evaluation, ONNX export and its onnxruntime round-trip check.
 * Prints each run and the median, with the ratio to the budget. `--quick` uses 100,000 readings.
 */
import { performance } from 'node:perf_hooks';
import { runTraining } from '../ml/src/pipeline';
import { numberArg, quick } from './lib/args';

const BUDGET_MS = 5 * 60_000;

const RUNS = numberArg('runs', quick ? 1 : 3);
// Kept readings = kiosks × (days × 1440 − 360 warm-up minutes + 1): 300 × 3385 = 1,015,500.
const KIOSKS = quick ? 30 : 300;
const DAYS = 2.6;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main(): Promise<void> {
  const totals: number[] = [];
  let rows = 0;
  for (let run = 1; run <= RUNS; run++) {
    const started = performance.now();
    const { card } = await runTraining({
      seed: `bench-${run}`,
      synthetic: { kiosks: KIOSKS, days: DAYS, stepSec: 60 },
      simulatorFleet: null,
      algorithms: ['logistic_regression', 'gradient_boosted_trees'],
      goal: { targetPrecision: 0.95, maxFalseAlertsPerKioskDay: 0.25 },
      name: 'bench',
      createdBy: 'bench',
    });
    const ms = performance.now() - started;
    totals.push(ms);
    rows = card.data.rows;
    const stages = Object.entries(card.timingsMs)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
      .join(', ');
    console.log(
      `run ${run}: ${rows.toLocaleString('en')} readings in ${(ms / 1000).toFixed(1)} s (${stages}); ` +
        `${card.algorithm} chosen, test F1 ${card.metrics.f1.toFixed(3)}`,
    );
  }
  const med = median(totals);
  console.log(
    `\nmedian retraining time on ${rows.toLocaleString('en')} readings: ${(med / 1000).toFixed(1)} s ` +
      `= ${(med / BUDGET_MS).toFixed(2)}× the 300 s budget (${med <= BUDGET_MS ? 'within' : 'OVER'}); ` +
      `${Math.round(rows / (med / 1000)).toLocaleString('en')} readings/s end to end`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
