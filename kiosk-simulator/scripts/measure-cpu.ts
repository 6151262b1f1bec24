import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

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

async function readLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  let buffer = '';
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    buffer += chunk.toString();
    const m = pattern.exec(buffer);
    if (m) return m;
  }
  throw new Error(`child exited before printing ${pattern}`);
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
  const lines = Array.from({ length: kiosks }, (_, i) => `SIM-MEASURE-${String(i + 1).padStart(5, '0')},secret-${i}`);
  writeFileSync(credentials, `${lines.join('\n')}\n`);

  const server = nodeChild('scripts/ack-server.ts', ['--max-seconds', '1800']);
  const port = Number((await readLine(server, /PORT (\d+)/))[1]);
  const serverReport = readLine(server, /(\{.*\})\n/);

  const simArgs = [
    '--url', `http://127.0.0.1:${port}`,
    '--credentials', credentials,
    '--kiosks', String(kiosks),
    '--interval', values.interval as string,
    '--duration', values.duration as string,
    '--connect-rate', values['connect-rate'] as string,
    '--scenario', values.scenario as string,
    '--seed', 'measure',
    '--json',
  ];
  if (values.threads) simArgs.push('--threads', values.threads);
  const sim = nodeChild('src/main.ts', simArgs);
  let out = '';
  sim.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  const [code] = (await once(sim, 'exit')) as [number | null];
  server.kill('SIGTERM');
  const serverStats = JSON.parse((await serverReport)[1]) as Record<string, number>;
  if (code !== 0) throw new Error(`simulator exited with ${code}`);
  const summary = JSON.parse(out) as {
    kiosks: number;
    threads: number;
    durationSec: number;
    connected: { max: number };
    readings: { sent: number; acked: number };
    ackLatencyMs: { p50: number; p99: number };
    cpu: { totalSec: number; avgCores: number; steadyAvgCores: number | null; steadySinceSec: number | null };
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
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
