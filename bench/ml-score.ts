/**
 * `npm run bench:ml-score [-- --rows 200000 --rounds 5 --quick]`
 *
 * Scoring throughput of the committed anomaly model: the serving path (`MicroBatcher`, 256-row
 * batches, one `run()` each, as libs/ai scores stored readings) against raw onnxruntime-node
 * `run()` calls on the same model, the same rows and the same batch size, in the same process.
 * Prints medians over rounds and the ratio (target: ≥ 100,000 readings/s and ≥ 0.8× raw).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { MicroBatcher } from '../libs/ai/src/anomaly/services/micro-batcher';
import { generateSyntheticDataset } from '../ml/src/data/synthetic';
import { FEATURE_COUNT } from '../ml/src/features/feature-spec';
import { SESSION_OPTIONS } from '../ml/src/onnx/session-options';
import { ONNX_INPUT, ONNX_OUTPUT } from '../ml/src/train/model';
import { numberArg, quick } from './lib/args';

const BATCH = 256;

const ROUNDS = numberArg('rounds', quick ? 3 : 5);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main(): Promise<void> {
  const session = await ort.InferenceSession.create(
    readFileSync('ml/models/anomaly-baseline.onnx'),
    SESSION_OPTIONS,
  );
  const data = generateSyntheticDataset({
    seed: 'bench-score',
    kiosks: quick ? 20 : 60,
    days: 2.5,
    stepSec: 60,
    plan: 'mixed',
  });
  const rows = Math.min(numberArg('rows', quick ? 60_000 : 200_000), data.nRows);
  const X = data.X.subarray(0, rows * FEATURE_COUNT);
  const run = async (batch: Float32Array, n: number): Promise<Float32Array> => {
    const out = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', batch, [n, FEATURE_COUNT]) });
    return out[ONNX_OUTPUT].data as Float32Array;
  };

  const raw = async (): Promise<number> => {
    const started = performance.now();
    for (let i = 0; i < rows; i += BATCH) {
      const n = Math.min(BATCH, rows - i);
      await run(X.slice(i * FEATURE_COUNT, (i + n) * FEATURE_COUNT), n);
    }
    return rows / ((performance.now() - started) / 1000);
  };
  // The serving path: callers submit readings in the sizes telemetry batches arrive in (here 64),
  // the batcher packs them into 256-row runs.
  const served = async (): Promise<number> => {
    const batcher = new MicroBatcher(run, FEATURE_COUNT, BATCH, 10);
    const started = performance.now();
    const pending: Promise<Float32Array>[] = [];
    for (let i = 0; i < rows; i += 64) {
      const n = Math.min(64, rows - i);
      pending.push(batcher.score(X.subarray(i * FEATURE_COUNT, (i + n) * FEATURE_COUNT), n));
    }
    await Promise.all(pending);
    return rows / ((performance.now() - started) / 1000);
  };

  await raw();
  await served();
  const rawRates: number[] = [];
  const servedRates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    rawRates.push(await raw());
    servedRates.push(await served());
  }
  const rawMedian = median(rawRates);
  const servedMedian = median(servedRates);
  console.log(`rows ${rows.toLocaleString('en')}, batch ${BATCH}, rounds ${ROUNDS}`);
  console.log(`raw onnxruntime run():   ${Math.round(rawMedian).toLocaleString('en')} readings/s (median)`);
  console.log(
    `served (MicroBatcher):   ${Math.round(servedMedian).toLocaleString('en')} readings/s (median)`,
  );
  console.log(
    `ratio served / raw: ${(servedMedian / rawMedian).toFixed(2)} (target ≥ 0.8); ` +
      `served ${servedMedian >= 100_000 ? '≥' : '<'} 100,000 readings/s`,
  );
  await session.release();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
