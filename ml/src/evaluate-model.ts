/**
 * Scores a saved model (ONNX, in onnxruntime) on a fresh simulator `--scenario mixed` fleet, at any
 * reporting cadence — e.g. the 5 s the kiosks really use, where training data is sampled every minute:
 *
 *   npx ts-node -r tsconfig-paths/register ml/src/evaluate-model.ts \
 *     [--model ml/models/anomaly-baseline] [--kiosks 40] [--days 2] [--step 5] [--seed cadence-check]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateSyntheticDataset } from './data/synthetic';
import { evaluate, formatReport } from './eval/evaluate';
import { FEATURE_SPEC_HASH } from './features/feature-spec';
import { ModelCard } from './model-card';
import { scoreWithOnnxRuntime } from './onnx/onnx-check';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'ml/models/anomaly-baseline' },
      kiosks: { type: 'string', default: '40' },
      days: { type: 'string', default: '2' },
      step: { type: 'string', default: '5' },
      seed: { type: 'string', default: 'cadence-check' },
    },
  });
  const card = JSON.parse(readFileSync(`${values.model}.card.json`, 'utf8')) as ModelCard;
  if (card.featureSpec.hash !== FEATURE_SPEC_HASH) {
    throw new Error(
      `model was trained on feature spec ${card.featureSpec.hash}, this code has ${FEATURE_SPEC_HASH}`,
    );
  }
  const bytes = readFileSync(`${values.model}.onnx`);
  const step = Number(values.step);
  const fleet = generateSyntheticDataset({
    seed: values.seed,
    kiosks: Number(values.kiosks),
    days: Number(values.days),
    stepSec: step,
    plan: 'mixed',
    serialPrefix: 'SIM-CHECK',
  });
  const scores = await scoreWithOnnxRuntime(bytes, fleet.X, fleet.nRows, fleet.nFeatures);
  console.log(
    formatReport(
      `${card.version} on a mixed fleet reporting every ${step} s`,
      evaluate(fleet, scores, card.threshold),
    ),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
