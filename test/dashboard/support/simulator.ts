import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ROOT } from './build';

/*
 * The kiosk simulator as its own process (it speaks only the contract: REST to provision, Socket.IO
 * as kiosks), as test/simulator-smoke.e2e-spec.ts runs it: what the dashboard shows comes from kiosks
 * that really connect, report and answer commands.
 */

const SIM = join(ROOT, 'kiosk-simulator');

export interface SimulatorOptions {
  baseUrl: string;
  admin: { username: string; password: string };
  kiosks: number;
  /** Seconds between readings (default 1: live charts gain points quickly). */
  intervalSec?: number;
  /** `normal` (default), `mixed`, or the simulator's scenario syntax, e.g. `overheat:1@20s`. */
  scenario?: string;
  /** Tags the provisioned kiosks carry. */
  tags?: string[];
  seed?: string;
}

export interface RunningSimulator {
  /** Serials are `SIM-<runId>-00001…`: `GET /kiosks?q=SIM-<runId>` lists this run's kiosks. */
  runId: string;
  /** What it printed so far (stdout and stderr), to say why a test that needed it failed. */
  output(): string;
  stop(): Promise<void>;
}

export function startSimulator(o: SimulatorOptions): RunningSimulator {
  const runId = `dash${randomBytes(3).toString('hex')}`;
  const args = [
    '-r',
    'ts-node/register/transpile-only',
    join(SIM, 'src/main.ts'),
    ...['--url', o.baseUrl, '--kiosks', String(o.kiosks), '--interval', String(o.intervalSec ?? 1)],
    // Longer than any test file; stop() ends it.
    ...['--duration', '2h', '--scenario', o.scenario ?? 'normal', '--seed', o.seed ?? '19'],
    ...['--run-id', runId, '--json'],
    ...['--admin-username', o.admin.username, '--admin-password', o.admin.password],
    ...(o.tags ?? []).flatMap((t) => ['--tag', t]),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, TS_NODE_PROJECT: join(SIM, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (c: Buffer) => (output = (output + c.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    runId,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
