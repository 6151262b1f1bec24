import type { InferenceSession } from 'onnxruntime-node';

/**
 * How every onnxruntime session of the system is opened: one thread, run sequentially. By default
 * onnxruntime starts a thread pool per core whose threads spin between runs; with a micro-batch every
 * few milliseconds in the API they never go to sleep, and at 2,000 readings/s they cost about 60 % of
 * a core (API CPU 35 % instead of 94 %) for a model that scores 700k rows/s on one thread anyway.
 */
export const SESSION_OPTIONS: InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
};
