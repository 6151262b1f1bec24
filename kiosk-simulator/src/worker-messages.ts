import { ShardConfig } from './fleet';
import { StatsSnapshot } from './stats';

/** The main thread ↔ shard worker protocol (worker_threads postMessage, structured clone). */
export interface WorkerInit {
  config: Omit<ShardConfig, 'realStartMs'>;
}

export type ToWorker = { type: 'start'; realStartMs: number } | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'stats'; snapshot: StatsSnapshot }
  | { type: 'gt'; chunk: string }
  | { type: 'stopped'; snapshot: StatsSnapshot };
