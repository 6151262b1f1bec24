import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FleetRunner, ShardConfig } from './fleet';
import { FileGroundTruthWriter, GroundTruthSink } from './ground-truth-sinks';
import { KioskSpec } from './kiosk';
import { StatsSnapshot, mergeSnapshots } from './stats';
import { FromWorker, ToWorker, WorkerInit } from './worker-messages';

export interface RunConfig {
  shard: Omit<ShardConfig, 'kiosks' | 'realStartMs'>;
  kiosks: KioskSpec[];
  threads: number;
  durationSec: number;
  groundTruthPath: string | null;
  progressEveryMs?: number;
}

/** CPU of the whole process, all threads (process.cpuUsage). */
export interface CpuReport {
  /** From the start of the run to the end of its duration. */
  userSec: number;
  systemSec: number;
  totalSec: number;
  /** Everything, start-up, provisioning and shutdown included. */
  processTotalSec: number;
  /** CPU seconds per wall second over the whole run (1.0 = one core busy). */
  avgCores: number;
  /** Same, from the moment every kiosk had joined once (ramp over); null if that never happened. */
  steadyAvgCores: number | null;
  steadySinceSec: number | null;
}

export interface RunResult {
  snapshot: StatsSnapshot;
  maxConnected: number;
  durationSec: number;
  interrupted: boolean;
  cpu: CpuReport;
  rssMb: number;
}

export interface RunHooks {
  onProgress?: (snapshot: StatsSnapshot, elapsedSec: number) => void;
  abort?: AbortSignal;
}

interface Shard {
  ready: Promise<void>;
  start(realStartMs: number): void;
  latest(): StatsSnapshot;
  stop(): Promise<StatsSnapshot>;
}

class LocalShard implements Shard {
  private runner: FleetRunner | null = null;
  readonly ready = Promise.resolve();

  constructor(
    private readonly config: Omit<ShardConfig, 'realStartMs'>,
    private readonly sink: GroundTruthSink | null,
  ) {}

  start(realStartMs: number): void {
    this.runner = new FleetRunner({ ...this.config, realStartMs }, this.sink);
    this.runner.start();
  }

  latest(): StatsSnapshot {
    return this.runner ? this.runner.snapshot() : mergeSnapshots([]);
  }

  async stop(): Promise<StatsSnapshot> {
    await this.runner?.stop();
    return this.latest();
  }
}

/** Under ts-node the worker must register ts-node itself; compiled JS loads directly. */
function spawnWorker(init: WorkerInit): Worker {
  const file = join(__dirname, `worker${extname(__filename)}`);
  if (file.endsWith('.ts')) {
    const project = join(__dirname, '..', 'tsconfig.json');
    const tsNode = JSON.stringify(require.resolve('ts-node'));
    const code = `require(${tsNode}).register({ transpileOnly: true, project: ${JSON.stringify(project)} });
require(${JSON.stringify(file)});`;
    return new Worker(code, { eval: true, workerData: init });
  }
  return new Worker(file, { workerData: init });
}

class WorkerShard implements Shard {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private snapshot: StatsSnapshot;
  private stopped: ((s: StatsSnapshot) => void) | null = null;

  constructor(config: Omit<ShardConfig, 'realStartMs'>, sink: GroundTruthSink | null) {
    this.snapshot = mergeSnapshots([]);
    this.snapshot.kiosks = config.kiosks.length;
    this.worker = spawnWorker({ config });
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (msg: FromWorker) => {
        if (msg.type === 'ready') resolve();
        else if (msg.type === 'stats') this.snapshot = msg.snapshot;
        else if (msg.type === 'gt') sink?.write(msg.chunk);
        else if (msg.type === 'stopped') {
          this.snapshot = msg.snapshot;
          this.stopped?.(msg.snapshot);
        }
      });
      this.worker.on('error', reject);
    });
  }

  start(realStartMs: number): void {
    this.post({ type: 'start', realStartMs });
  }

  latest(): StatsSnapshot {
    return this.snapshot;
  }

  async stop(): Promise<StatsSnapshot> {
    const done = new Promise<StatsSnapshot>((resolve) => (this.stopped = resolve));
    this.post({ type: 'stop' });
    const snapshot = await Promise.race([done, sleep(15_000).then(() => this.snapshot)]);
    await this.worker.terminate();
    return snapshot;
  }

  private post(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Kiosk i goes to thread i mod n, so every thread ramps up and carries load evenly. */
export function shardKiosks<T>(kiosks: readonly T[], threads: number): T[][] {
  const shards: T[][] = Array.from({ length: threads }, () => []);
  kiosks.forEach((k, i) => shards[i % threads].push(k));
  return shards.filter((s) => s.length > 0);
}

/** Runs the fleet for the configured duration (or until aborted) and reports what happened. */
export async function runFleet(cfg: RunConfig, hooks: RunHooks = {}): Promise<RunResult> {
  const writer =
    cfg.groundTruthPath && cfg.shard.groundTruthFormat
      ? new FileGroundTruthWriter(cfg.groundTruthPath, cfg.shard.groundTruthFormat)
      : null;
  const parts = shardKiosks(cfg.kiosks, Math.max(1, cfg.threads));
  const shards: Shard[] =
    parts.length === 1
      ? [new LocalShard({ ...cfg.shard, kiosks: parts[0] }, writer)]
      : parts.map((kiosks) => new WorkerShard({ ...cfg.shard, kiosks }, writer));
  await Promise.all(shards.map((s) => s.ready));

  const realStartMs = Date.now() + 50;
  const cpuStart = process.cpuUsage();
  for (const s of shards) s.start(realStartMs);

  let maxConnected = 0;
  let steady: { at: number; cpu: NodeJS.CpuUsage } | null = null;
  const observe = (): StatsSnapshot => {
    const merged = mergeSnapshots(shards.map((s) => s.latest()));
    maxConnected = Math.max(maxConnected, merged.connected);
    if (steady === null && merged.kiosks > 0 && merged.joinedOnce >= merged.kiosks) {
      steady = { at: Date.now(), cpu: process.cpuUsage() };
    }
    return merged;
  };
  const progress = setInterval(() => {
    const merged = observe();
    hooks.onProgress?.(merged, (Date.now() - realStartMs) / 1000);
  }, cfg.progressEveryMs ?? 1000);

  const interrupted = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(
      () => resolve(false),
      Math.max(0, realStartMs + cfg.durationSec * 1000 - Date.now()),
    );
    hooks.abort?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  observe();
  const endMs = Date.now();
  const cpuEnd = process.cpuUsage();
  // Before the shards stop: afterwards the workers and their sockets are gone.
  const rssMb = Math.round(process.memoryUsage().rss / 1e6);
  clearInterval(progress);
  const finals = await Promise.all(shards.map((s) => s.stop()));
  await writer?.close();

  const snapshot = mergeSnapshots(finals);
  const wallSec = Math.max(0.001, (endMs - realStartMs) / 1000);
  const whole = process.cpuUsage();
  const runUsed = { user: cpuEnd.user - cpuStart.user, system: cpuEnd.system - cpuStart.system };
  const steadyAt = steady as { at: number; cpu: NodeJS.CpuUsage } | null;
  const steadySec = steadyAt ? (endMs - steadyAt.at) / 1000 : 0;
  const steadyCpu = steadyAt
    ? (cpuEnd.user - steadyAt.cpu.user + cpuEnd.system - steadyAt.cpu.system) / 1e6
    : 0;
  return {
    snapshot,
    // One thread counts its peak exactly; across threads only the sampled sum is a true simultaneous peak.
    maxConnected: Math.max(maxConnected, parts.length === 1 ? snapshot.maxConnected : 0),
    durationSec: wallSec,
    interrupted,
    cpu: {
      userSec: round3(runUsed.user / 1e6),
      systemSec: round3(runUsed.system / 1e6),
      totalSec: round3((runUsed.user + runUsed.system) / 1e6),
      processTotalSec: round3((whole.user + whole.system) / 1e6),
      avgCores: round3((runUsed.user + runUsed.system) / 1e6 / wallSec),
      steadyAvgCores: steadyAt && steadySec >= 1 ? round3(steadyCpu / steadySec) : null,
      steadySinceSec: steadyAt ? round3((steadyAt.at - realStartMs) / 1000) : null,
    },
    rssMb,
  };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
