import { FakeKioskServer } from '../src/testing/fake-kiosk-server';

/**
 * A minimal `/kiosks` server that accepts any credentials and acknowledges everything, for measuring
 * the simulator's own CPU use. Prints `PORT <n>` when listening; on SIGTERM (or after
 * `--max-seconds`, default 900) prints its own usage as one JSON line and exits.
 */
async function main(): Promise<void> {
  const maxIdx = process.argv.indexOf('--max-seconds');
  const maxSeconds = maxIdx > 0 ? Number(process.argv[maxIdx + 1]) : 900;
  const server = await FakeKioskServer.start({ record: false });
  const cpuStart = process.cpuUsage();
  const startedAt = Date.now();
  process.stdout.write(`PORT ${server.port}\n`);
  const finish = async () => {
    const cpu = process.cpuUsage(cpuStart);
    const wall = (Date.now() - startedAt) / 1000;
    const report = {
      updatesAcked: server.updatesAcked,
      cpuSec: (cpu.user + cpu.system) / 1e6,
      avgCores: (cpu.user + cpu.system) / 1e6 / wall,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
    await Promise.race([server.close(), new Promise((r) => setTimeout(r, 2000))]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void finish());
  setTimeout(() => void finish(), maxSeconds * 1000).unref();
}

void main();
