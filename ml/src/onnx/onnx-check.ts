import * as ort from 'onnxruntime-node';
import { AnomalyModel, ONNX_INPUT, ONNX_OUTPUT } from '../train/model';
import { SESSION_OPTIONS } from './session-options';

export const ROUND_TRIP_TOLERANCE = 1e-5;

/** Scores rows with onnxruntime-node from ONNX bytes: what serving will run. */
export async function scoreWithOnnxRuntime(
  bytes: Uint8Array,
  X: Float32Array,
  nRows: number,
  nFeatures: number,
): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, SESSION_OPTIONS);
  try {
    const input = new ort.Tensor('float32', X.subarray(0, nRows * nFeatures), [nRows, nFeatures]);
    const out = await session.run({ [ONNX_INPUT]: input });
    return Float32Array.from(out[ONNX_OUTPUT].data as Float32Array);
  } finally {
    await session.release();
  }
}

/**
 * Loads the exported model back in onnxruntime and compares its scores with the TypeScript model's
 * on the same rows. Training fails rather than ship a file that scores differently.
 */
export async function checkOnnxRoundTrip(
  model: AnomalyModel,
  bytes: Uint8Array,
  X: Float32Array,
  nRows: number,
  nFeatures: number,
): Promise<{ rows: number; maxAbsDiff: number; tolerance: number }> {
  const expected = model.predict(X, nRows);
  const actual = await scoreWithOnnxRuntime(bytes, X, nRows, nFeatures);
  let maxAbsDiff = 0;
  for (let i = 0; i < nRows; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(actual[i] - expected[i]));
  if (!(maxAbsDiff <= ROUND_TRIP_TOLERANCE)) {
    throw new Error(
      `ONNX export of ${model.algorithm} disagrees with the TypeScript model: max |Δ| ${maxAbsDiff} > ${ROUND_TRIP_TOLERANCE}`,
    );
  }
  return { rows: nRows, maxAbsDiff, tolerance: ROUND_TRIP_TOLERANCE };
}
