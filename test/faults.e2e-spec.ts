import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { haproxyBinary } from '../bench/lib/cluster';
import { FaultTopology } from '../bench/lib/fault-topology';
import { FAULTS, FaultLine, formatFaultLine, runFault } from '../bench/lib/faults';

/**
 * The fault suite at CI size (bench:faults is the full one): the two-instance topology of
 * `npm run cluster` on a private PostgreSQL and Redis, 120 simulated kiosks through HAProxy, and
 * each fault in turn. Every fault must lose no acknowledged reading, store none twice, run no
 * command twice, deliver every webhook and leave no connected kiosk shown offline. Needs the build
 * (dist/, as CI's `npm run build`) and Debian's haproxy (CI installs it).
 */
const ROOT = join(__dirname, '..');

describe('faults: two API instances and a worker behind HAProxy', () => {
  let t: FaultTopology;
  const lines = new Map<string, FaultLine>();

  beforeAll(async () => {
    for (const app of ['api', 'worker', 'cli']) {
      if (!existsSync(join(ROOT, `dist/apps/${app}/main.js`))) {
        throw new Error(`dist/apps/${app}/main.js is missing: run npm run build first`);
      }
    }
    haproxyBinary();
    t = new FaultTopology({
      kiosks: 120,
      commandKiosks: 6,
      intervalSec: 2,
      webhookDelayMs: 2,
      say: () => undefined,
    });
    await t.start();
  }, 90_000);

  afterAll(async () => {
    await t?.stop();
  }, 60_000);

  const plan = {
    kiosks: 120,
    stormKiosks: 120,
    pgOutageSec: 8,
    webhookBurst: 300,
    connectRate: 400,
    recoveryTimeoutSec: 45,
    workerRecoveryTimeoutSec: 75,
    tailSec: 3,
    webhookWaitSec: 100,
    commandEveryMs: 300,
  };

  it.each(FAULTS)(
    '%s: nothing acknowledged is lost or doubled, and the system recovers',
    async (fault) => {
      const line = await runFault(t, plan, fault);
      lines.set(fault, line);
      process.stderr.write(`${formatFaultLine(line)}\n`);
      expect(line.recoveredSec).not.toBeNull();
      expect(line.acked).toBeGreaterThan(plan.kiosks * 3);
      expect(line.lost).toBe(0);
      expect(line.duplicates).toBe(0);
      expect(line.commandsIssued).toBeGreaterThan(0);
      expect(line.commandsExecuted).toBe(line.commandsIssued);
      expect(line.commandsDoubleRun).toBe(0);
      expect(line.webhookEvents).toBeGreaterThan(0);
      expect(line.webhooksReceived).toBe(line.webhookEvents);
      expect(line.offlineWhileConnected).toBe(0);
    },
    170_000,
  );

  it('no command ran twice over the whole run', () => {
    expect(lines.size).toBe(FAULTS.length);
    expect(t.commands.totalDoubleRuns()).toBe(0);
  });
});
