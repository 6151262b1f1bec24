import type { DatasetParseLimits, ParsedDatasetFile } from './dataset-csv-parser';
import type { DatasetRefusalInfo } from './dataset-refusal';

/**
 * Messages between the API's event loop and a dataset parse worker. Every message names its job, so
 * a reused worker's late messages about an earlier upload are ignored, never misread.
 */
export type ToParseWorker =
  | { type: 'start'; job: number; limits: DatasetParseLimits }
  /** Bytes of the file, in arrival order; the ArrayBuffer is transferred, not copied. */
  | { type: 'chunk'; job: number; bytes: Uint8Array }
  | { type: 'end'; job: number };

export type FromParseWorker =
  /** One chunk was parsed: the sender may post another (flow control). */
  | { type: 'ack'; job: number }
  | { type: 'done'; job: number; result: ParsedDatasetFile }
  | { type: 'refused'; job: number; refusal: DatasetRefusalInfo }
  /** A bug, not bad input: the worker is discarded. */
  | { type: 'failed'; job: number; message: string };
