import { parentPort } from 'node:worker_threads';
import { DatasetCsvParser } from './dataset-csv-parser';
import { DatasetRefusal } from './dataset-refusal';
import type { FromParseWorker, ToParseWorker } from './dataset-worker-protocol';

/**
 * Entry of a dataset parse worker thread (see DatasetParserPool): parses one upload at a time as its
 * chunks arrive, so a hostile CSV costs this thread, never the API's event loop. Built as its own
 * webpack entry (dist/apps/api/dataset-parse.worker.js); run from source through ts-node in tests.
 */
const port = parentPort;
if (port === null) throw new Error('dataset-parse.worker must run in a worker thread');

let current: { job: number; parser: DatasetCsvParser } | null = null;

function post(message: FromParseWorker): void {
  port?.postMessage(message);
}

function settle(job: number, step: () => FromParseWorker): void {
  try {
    const message = step();
    post(message);
    if (message.type !== 'ack') current = null;
  } catch (err) {
    current = null;
    if (err instanceof DatasetRefusal) post({ type: 'refused', job, refusal: err.toInfo() });
    else post({ type: 'failed', job, message: err instanceof Error ? err.message : String(err) });
  }
}

port.on('message', (message: ToParseWorker) => {
  if (message.type === 'start') {
    current = { job: message.job, parser: new DatasetCsvParser(message.limits) };
    return;
  }
  const job = current;
  // Chunks of an upload that was already refused arrive after the refusal: nothing to do.
  if (job === null || job.job !== message.job) return;
  if (message.type === 'chunk') {
    settle(job.job, () => {
      job.parser.write(message.bytes);
      return { type: 'ack', job: job.job };
    });
  } else {
    settle(job.job, () => ({ type: 'done', job: job.job, result: job.parser.end() }));
  }
});
