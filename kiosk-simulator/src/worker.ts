import { parentPort, workerData } from 'node:worker_threads';
import { FleetRunner } from './fleet';
import { BatchingSink } from './ground-truth-sinks';
import { FleetStats } from './stats';
import { FromWorker, ToWorker, WorkerInit } from './worker-messages';

/**
 * A shard of the fleet on its own thread: its own event loop, timer wheel and sockets. Stats go
 * to the main thread every second; ground-truth lines are formatted here and sent in batches.
 */
function main(): void {
  const port = parentPort;
  if (port === null) throw new Error('worker.ts must run in a worker thread');
  const init = workerData as WorkerInit;
  const post = (msg: FromWorker) => port.postMessage(msg);
  const sink = init.config.groundTruthFormat
    ? new BatchingSink((chunk) => post({ type: 'gt', chunk }))
    : null;
  let runner: FleetRunner | null = null;
  let ticker: NodeJS.Timeout | null = null;

  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'start' && runner === null) {
      runner = new FleetRunner({ ...init.config, realStartMs: msg.realStartMs }, sink);
      runner.start();
      ticker = setInterval(() => {
        sink?.flush();
        if (runner) post({ type: 'stats', snapshot: runner.snapshot() });
      }, 1000);
    } else if (msg.type === 'stop') {
      if (ticker) clearInterval(ticker);
      const r = runner;
      void (async () => {
        if (r) await r.stop();
        sink?.flush();
        post({ type: 'stopped', snapshot: r ? r.snapshot() : new FleetStats().snapshot() });
      })();
    }
  });
  post({ type: 'ready' });
}

main();
