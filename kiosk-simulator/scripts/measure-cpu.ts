import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDuration } from '../src/duration';

/**
 * Measures the simulator's CPU use: N kiosks against a minimal ack server on 127.0.0.1, each in its
 * own child process so the server's CPU is not counted against the simulator.
 *
 *   npx ts-node --transpile-only -P kiosk-simulator/tsconfig.json kiosk-simulator/scripts/measure-cpu.ts \
 *     --kiosks 10000 --interval 5 --duration 60s
 */
const ROOT = join(__dirname, '..');
const TS_NODE = ['-r', 'ts-node/register/transpile-only'];

function nodeChild(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, [...TS_NODE, join(ROOT, script), ...args], {
    env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** Collects a child's stdout and resolves when a pattern appears (or rejects when it exits first). */
function watchOutput(child: ChildProcess): (pattern: RegExp) => Promise<RegExpExecArray> {
  let buffer = '';
  let exited = false;
  const waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void; reject: (e: Error) => void }[] =
    [];
  const check = () => {
    for (const w of [...waiters]) {
      const m = w.pattern.exec(buffer);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      } else if (exited) {
        waiters.splice(waiters.indexOf(w), 1);
        w.reject(new Error(`child exited before printing ${w.pattern}`));
      }
    }
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    check();
  });
  child.on('close', () => {
    exited = true;
    check();
  });
  return (pattern) =>
    new Promise((resolve, reject) => {
      waiters.push({ pattern, resolve, reject });
      check();
    });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kiosks: { type: 'string', default: '1000' },
      interval: { type: 'string', default: '5' },
      duration: { type: 'string', default: '60s' },
      threads: { type: 'string' },
      'connect-rate': { type: 'string', default: '1000' },
      scenario: { type: 'string', default: 'normal' },
    },
  });
  const kiosks = Number(values.kiosks);
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-sim-measure-'));
  const credentials = join(dir, 'credentials.txt');
  const lines = Array.from(
    { length: kiosks },
    (_, i) => `SIM-MEASURE-${String(i + 1).padStart(5, '0')},secret-${i}`,
  );
  writeFileSync(credentials, `${lines.join('\n')}\n`);

  const server = nodeChild('scripts/ack-server.ts', ['--max-seconds', '1800']);
  const serverOut = watchOutput(server);
  let sim: ChildProcess | null = null;
  // Bounded in time whatever happens: the run, plus generous start-up and shutdown.
  const deadline = setTimeout(
    () => {
      sim?.kill('SIGKILL');
      server.kill('SIGKILL');
    },
    (parseDuration(values.duration as string) + 180) * 1000,
  );
  try {
    const port = Number((await serverOut(/PORT (\d+)/))[1]);
    const simArgs = [
      '--url',
      `http://127.0.0.1:${port}`,
      '--credentials',
      credentials,
      '--kiosks',
      String(kiosks),
      '--interval',
      values.interval as string,
      '--duration',
      values.duration as string,
      '--connect-rate',
      values['connect-rate'] as string,
      '--scenario',
      values.scenario as string,
      '--seed',
      'measure',
      '--json',
    ];
    if (values.threads) simArgs.push('--threads', values.threads);
    sim = nodeChild('src/main.ts', simArgs);
    const simOut = watchOutput(sim);
    const [code] = (await once(sim, 'close')) as [number | null];
    if (code !== 0) throw new Error(`simulator exited with ${code}`);
    const out = (await simOut(/^\{[\s\S]*\}\s*$/))[0];
    server.kill('SIGTERM');
    const serverStats = JSON.parse((await serverOut(/^(\{[^\n]*\})$/m))[1]) as Record<string, number>;
    const summary = JSON.parse(out) as {
      kiosks: number;
      threads: number;
      durationSec: number;
      connected: { max: number };
      readings: { sent: number; acked: number };
      ackLatencyMs: { p50: number; p99: number };
      cpu: {
        totalSec: number;
        avgCores: number;
        steadyAvgCores: number | null;
        steadySinceSec: number | null;
      };
      rssMb: number;
      errors: Record<string, number>;
    };
    const report = {
      kiosks: summary.kiosks,
      threads: summary.threads,
      intervalSec: Number(values.interval),
      durationSec: summary.durationSec,
      connectedMax: summary.connected.max,
      readingsSent: summary.readings.sent,
      readingsAcked: summary.readings.acked,
      readingsPerSec: Math.round(summary.readings.sent / summary.durationSec),
      ackLatencyMs: summary.ackLatencyMs,
      simulatorCpuSec: summary.cpu.totalSec,
      simulatorAvgCores: summary.cpu.avgCores,
      simulatorSteadyCores: summary.cpu.steadyAvgCores,
      steadyFromSec: summary.cpu.steadySinceSec,
      simulatorRssMb: summary.rssMb,
      serverAvgCores: Math.round(serverStats.avgCores * 1000) / 1000,
      errors: summary.errors,
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    clearTimeout(deadline);
    if (sim?.exitCode === null) sim.kill('SIGKILL');
    if (server.exitCode === null) server.kill('SIGKILL');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
