import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { AppConfig, InjectAppConfig } from '@app/core';
import type { DatasetParseLimits, ParsedDatasetFile } from './dataset-csv-parser';
import { DatasetRefusal } from './dataset-refusal';
import { DatasetUploadMetrics } from './dataset-upload-metrics';
import type { FromParseWorker, ToParseWorker } from './dataset-worker-protocol';

/** Chunks posted and not yet parsed before the source is paused: bounds the worker's queue. */
const MAX_CHUNKS_IN_FLIGHT = 8;
/** An idle worker is kept this long for the next upload, then ended. */
const IDLE_WORKER_MS = 60_000;
/** Heap of one worker: the caps keep a parse far below it; a bug cannot take the process's memory. */
const WORKER_HEAP_MB = 512;

/**
 * Runs from sources (ts-jest, ts-node): the worker thread has no TypeScript loader of its own, so it
 * registers ts-node (transpile only) and the tsconfig path aliases before loading the entry.
 */
const FROM_SOURCE_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const from = (name) => require(require.resolve(name, { paths: [workerData.root] }));
const paths = from('tsconfig-paths');
const loaded = paths.loadConfig(workerData.root);
paths.register({ baseUrl: loaded.absoluteBaseUrl, paths: loaded.paths });
from('ts-node').register({ transpileOnly: true, project: workerData.root + '/tsconfig.json' });
require(workerData.entry);
`;

function spawnParseWorker(): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  if (__filename.endsWith('.ts')) {
    return new Worker(FROM_SOURCE_BOOTSTRAP, {
      eval: true,
      resourceLimits,
      workerData: {
        root: resolve(__dirname, '../../../../..'),
        entry: join(__dirname, 'dataset-parse.worker.ts'),
      },
    });
  }
  // The webpack bundle: __dirname is dist/apps/api, where the worker entry is emitted beside main.js.
  return new Worker(join(__dirname, 'dataset-parse.worker.js'), { resourceLimits });
}

/**
 * Worker threads that parse dataset uploads (dataset-parse.worker.ts), at most one upload each and
 * `ai.datasets.maxConcurrent` in all. A worker that parsed a file, or refused one, is reused; one that
 * was aborted (client gone, time up) or failed is terminated, so no parse outlives its request.
 */
@Injectable()
export class DatasetParserPool implements OnModuleDestroy {
  private readonly limits: DatasetParseLimits;
  private readonly maxWorkers: number;
  private readonly idle: Array<{ worker: Worker; timer: NodeJS.Timeout }> = [];
  private readonly busy = new Set<Worker>();
  private nextJob = 1;
  private closed = false;

  constructor(
    @InjectAppConfig() config: AppConfig,
    private readonly metrics: DatasetUploadMetrics,
  ) {
    const d = config.ai.datasets;
    this.limits = {
      maxFileBytes: d.maxFileBytes,
      maxRows: d.maxRows,
      maxRecordBytes: d.maxRecordBytes,
      maxColumns: d.maxColumns,
      maxUnknownColumns: d.maxUnknownColumns,
    };
    this.maxWorkers = d.maxConcurrent;
  }

  /** Threads alive now (busy and idle). */
  get threads(): number {
    return this.busy.size + this.idle.length;
  }

  /** Threads parsing an upload now. */
  get busyThreads(): number {
    return this.busy.size;
  }

  /**
   * Streams `source` into a worker and resolves with the parsed file, or rejects with a
   * DatasetRefusal (bad file, or `signal`'s reason when aborted). The source is paused while the
   * worker is behind; when this settles, the source is no longer read.
   */
  parse(source: Readable, signal: AbortSignal): Promise<ParsedDatasetFile> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    let worker: Worker;
    try {
      worker = this.acquire();
    } catch (err) {
      return Promise.reject(err);
    }
    const job = this.nextJob++;
    const startedAt = process.hrtime.bigint();
    return new Promise<ParsedDatasetFile>((resolvePromise, rejectPromise) => {
      let inFlight = 0;
      let settled = false;
      const finish = (outcome: 'parsed' | 'refused' | 'aborted', keepWorker: boolean, err?: Error) => {
        if (settled) return;
        settled = true;
        source.off('data', onData).off('end', onEnd).off('error', onSourceError);
        worker.off('message', onMessage).off('error', onWorkerError).off('exit', onExit);
        signal.removeEventListener('abort', onAbort);
        this.metrics.parseSeconds.observe({ outcome }, Number(process.hrtime.bigint() - startedAt) / 1e9);
        if (keepWorker) this.release(worker);
        else this.discard(worker);
        if (err) rejectPromise(err);
      };
      const onData = (chunk: Buffer) => {
        // A copy of just these bytes, transferred: the chunk's own buffer may be shared.
        const bytes = new Uint8Array(chunk);
        this.post(worker, { type: 'chunk', job, bytes }, [bytes.buffer]);
        if (++inFlight >= MAX_CHUNKS_IN_FLIGHT) source.pause();
      };
      const onEnd = () => this.post(worker, { type: 'end', job });
      const onSourceError = (err: Error) =>
        finish(
          'aborted',
          false,
          new DatasetRefusal('malformed_multipart', `The upload broke off: ${err.message}`),
        );
      const onAbort = () => finish('aborted', false, abortReason(signal));
      const onWorkerError = (err: Error & { code?: string }) =>
        finish(
          'aborted',
          false,
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new DatasetRefusal('file_too_large', 'The file is too large to parse', [
                { field: 'file', message: 'parsing it needed more memory than an upload may use' },
              ])
            : err,
        );
      const onExit = (code: number) =>
        finish('aborted', false, new Error(`dataset parse worker exited (${code})`));
      const onMessage = (message: FromParseWorker) => {
        if (message.job !== job) return;
        switch (message.type) {
          case 'ack':
            inFlight--;
            if (inFlight < MAX_CHUNKS_IN_FLIGHT && source.isPaused()) source.resume();
            return;
          case 'done':
            finish('parsed', true);
            resolvePromise(message.result);
            return;
          case 'refused':
            finish('refused', true, DatasetRefusal.fromInfo(message.refusal));
            return;
          case 'failed':
            finish('aborted', false, new Error(`dataset parse failed: ${message.message}`));
        }
      };
      worker.on('message', onMessage).on('error', onWorkerError).on('exit', onExit);
      signal.addEventListener('abort', onAbort, { once: true });
      this.post(worker, { type: 'start', job, limits: this.limits });
      source.on('data', onData).on('end', onEnd).on('error', onSourceError);
      source.resume();
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    const all = [...this.busy, ...this.idle.map((i) => i.worker)];
    for (const i of this.idle) clearTimeout(i.timer);
    this.idle.length = 0;
    this.busy.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }

  private acquire(): Worker {
    const reused = this.idle.pop();
    if (reused) {
      clearTimeout(reused.timer);
      reused.worker.ref();
      this.busy.add(reused.worker);
      return reused.worker;
    }
    if (this.closed || this.threads >= this.maxWorkers) {
      // The upload slots admit at most maxWorkers uploads, so this is a shutdown or a bug.
      throw new DatasetRefusal('instance_busy', 'Too many dataset uploads are being parsed; retry shortly');
    }
    const worker = spawnParseWorker();
    this.busy.add(worker);
    return worker;
  }

  private release(worker: Worker): void {
    this.busy.delete(worker);
    if (this.closed) {
      void worker.terminate();
      return;
    }
    // Idle threads must not keep the process alive.
    worker.unref();
    const timer = setTimeout(() => {
      const i = this.idle.findIndex((e) => e.worker === worker);
      if (i >= 0) this.idle.splice(i, 1);
      void worker.terminate();
    }, IDLE_WORKER_MS);
    timer.unref();
    this.idle.push({ worker, timer });
  }

  private discard(worker: Worker): void {
    this.busy.delete(worker);
    void worker.terminate();
  }

  private post(worker: Worker, message: ToParseWorker, transfer: ArrayBuffer[] = []): void {
    worker.postMessage(message, transfer);
  }
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new DatasetRefusal('client_disconnected', 'The upload was abandoned');
}
