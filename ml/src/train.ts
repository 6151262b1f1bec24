/**
 * `npm run ml:train` — trains the anomaly model and writes `<out>/<name>.onnx` and
 * `<out>/<name>.card.json`. Deterministic for a `--seed`.
 *
 *   npm run ml:train -- [--seed baseline-1] [--kiosks 300] [--days 2.5] [--step 60]
 *                       [--eval-kiosks 100] [--eval-days 3] [--algorithms logistic_regression,gradient_boosted_trees]
 *                       [--csv file.csv …] [--database-url postgres://…] [--since 2026-01-01]
 *                       [--target-precision 0.95] [--max-false-alerts 0.25]
 *                       [--out ml/models] [--name anomaly-baseline] [--quick]
 *
 * `--quick` trains a small model in seconds (a smoke test). Retraining time on 1,000,000 readings
 * is measured by `bench/ml-train.ts`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readCsvDataset } from './data/csv-dataset';
import { Dataset } from './data/dataset';
import { formatReport } from './eval/evaluate';
import { DEFAULT_GOAL, TrainingOptions, runTraining } from './pipeline';
import { ALGORITHMS, Algorithm } from './train/model';

function parseCli(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string', default: 'baseline-1' },
      kiosks: { type: 'string' },
      days: { type: 'string' },
      step: { type: 'string', default: '60' },
      'eval-kiosks': { type: 'string', default: '100' },
      'eval-days': { type: 'string', default: '3' },
      algorithms: { type: 'string', default: ALGORITHMS.join(',') },
      csv: { type: 'string', multiple: true, default: [] },
      'database-url': { type: 'string' },
      since: { type: 'string' },
      'target-precision': { type: 'string', default: String(DEFAULT_GOAL.targetPrecision) },
      'max-false-alerts': { type: 'string', default: String(DEFAULT_GOAL.maxFalseAlertsPerKioskDay) },
      out: { type: 'string', default: join('ml', 'models') },
      name: { type: 'string', default: 'anomaly-baseline' },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  return values;
}

function positiveNumber(name: string, text: string): number {
  const v = Number(text);
  if (!(v > 0)) throw new Error(`--${name} must be a positive number, got "${text}"`);
  return v;
}

async function main(): Promise<void> {
  const args = parseCli(process.argv.slice(2));
  if (args.help) {
    console.log(readFileSync(__filename, 'utf8').split('*/')[0]);
    return;
  }
  const algorithms = args.algorithms.split(',').map((a) => a.trim()) as Algorithm[];
  for (const a of algorithms) if (!ALGORITHMS.includes(a)) throw new Error(`unknown algorithm "${a}"`);
  const step = positiveNumber('step', args.step);
  const kiosks = args.quick ? 40 : positiveNumber('kiosks', args.kiosks ?? '300');
  const days = args.quick ? 2 : positiveNumber('days', args.days ?? '2.5');

  const extraData: NonNullable<TrainingOptions['extraData']> = [];
  for (const file of args.csv ?? []) {
    const parsed = readCsvDataset(readFileSync(file, 'utf8'));
    console.log(`${file}: ${parsed.dataset.nRows} rows accepted, ${parsed.rejected} rejected`);
    for (const e of parsed.errors.slice(0, 10)) console.log(`  row ${e.row}: ${e.message}`);
    extraData.push({ dataset: parsed.dataset, source: 'csv', description: `uploaded CSV ${file}` });
  }
  if (args['database-url'] !== undefined) {
    const { buildDatabaseDataset, buildUploadedDataset } = await import('./data/database-dataset');
    const since = args.since !== undefined ? new Date(args.since) : undefined;
    const db: Dataset = await buildDatabaseDataset({ connectionString: args['database-url'], since });
    console.log(`database: ${db.nRows} labelled readings from ${db.kioskKeys.length} kiosks`);
    extraData.push({ dataset: db, source: 'database', description: 'telemetry labelled by resolved alerts' });
    const uploads = await buildUploadedDataset({ connectionString: args['database-url'] });
    if (uploads.nRows > 0) {
      console.log(`uploaded datasets: ${uploads.nRows} labelled readings`);
      extraData.push({
        dataset: uploads,
        source: 'csv',
        description: 'datasets uploaded through POST /ai/datasets',
      });
    }
  }
  const started = performance.now();
  let lastStage = '';
  const result = await runTraining({
    seed: args.seed,
    synthetic: { kiosks, days, stepSec: step },
    extraData,
    simulatorFleet: {
      kiosks: args.quick ? 30 : positiveNumber('eval-kiosks', args['eval-kiosks']),
      days: args.quick ? 2 : positiveNumber('eval-days', args['eval-days']),
      stepSec: step,
    },
    algorithms,
    goal: {
      targetPrecision: positiveNumber('target-precision', args['target-precision']),
      maxFalseAlertsPerKioskDay: positiveNumber('max-false-alerts', args['max-false-alerts']),
    },
    name: args.name,
    createdBy: 'ml:train',
    onProgress: (p) => {
      if (p.stage !== lastStage) console.log(`[${p.percent.toString().padStart(3)}%] ${p.stage}`);
      lastStage = p.stage;
    },
  });
  const elapsed = performance.now() - started;
  const { card } = result;

  console.log('\ncandidates (chosen by validation PR-AUC):');
  for (const c of card.candidates) {
    console.log(
      `  ${c.selected ? '→' : ' '} ${c.algorithm.padEnd(24)} PR-AUC ${c.validationPrAuc.toFixed(4)}  ` +
        `ROC-AUC ${c.validationRocAuc.toFixed(4)}  ${(c.trainMs / 1000).toFixed(1)} s`,
    );
  }
  const tc = card.thresholdChoice;
  console.log(
    `threshold ${tc.threshold.toFixed(4)} on validation: precision ${tc.precision.toFixed(3)} (target ${tc.targetPrecision}), ` +
      `recall ${tc.recall.toFixed(3)}, false alerts/kiosk/day ${tc.falseAlertsPerKioskDay.toFixed(3)} ` +
      `(budget ${tc.maxFalseAlertsPerKioskDay})${tc.metGoal ? '' : '  — goal NOT met, best compromise taken'}`,
  );
  console.log(`\n${formatReport('held-out test kiosks', result.test)}`);
  if (result.simulatorFleet !== null) {
    console.log(`\n${formatReport('simulator fleet, --scenario mixed', result.simulatorFleet)}`);
  }
  console.log(
    `\nONNX round trip: ${card.onnx.roundTrip.rows} rows, max |Δ| ${card.onnx.roundTrip.maxAbsDiff.toExponential(2)} ` +
      `(tolerance ${card.onnx.roundTrip.tolerance}); ${card.onnx.bytes} bytes`,
  );

  mkdirSync(args.out, { recursive: true });
  const onnxPath = join(args.out, `${args.name}.onnx`);
  const cardPath = join(args.out, `${args.name}.card.json`);
  writeFileSync(onnxPath, result.onnx);
  writeFileSync(cardPath, `${JSON.stringify(card, null, 2)}\n`);
  console.log(`\nwrote ${onnxPath} and ${cardPath} in ${(elapsed / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
