import { parseArgs } from 'node:util';
import { positive } from './lib/cli';
import { lbMaxConn, lbProcessesFor } from './lib/cluster';
import { FaultTopology } from './lib/fault-topology';
import { FAULTS, FaultLine, FaultName, FaultPlan, formatFaultLine, runFaults } from './lib/faults';
import { benchMain } from './lib/harness';

/**
 * `npm run bench:faults [-- --kiosks 2000 --storm-kiosks 10000 --interval 5 --pg-outage 30
 *   --faults api-kill,pg-outage,redis-restart,worker-kill,reconnect-storm --json]`
 *
 * The two-instance topology of `npm run cluster` (2 API + worker behind HAProxy) on a PostgreSQL and
 * a Redis of its own, driven by the kiosk simulator through HAProxy, and each fault in turn:
 * SIGKILL of one API instance (restarted at once), PostgreSQL stopped for --pg-outage seconds,
 * Redis SHUTDOWN NOSAVE and started again, SIGKILL of the worker in the middle of a webhook burst,
 * and every kiosk dropped at once (HAProxy killed and restarted) at --storm-kiosks. One line per
 * fault: acknowledged vs stored readings by (serial, seq), commands issued vs run (by command_id),
 * webhook events vs received, recovery time. test/faults.e2e-spec.ts is the CI-sized subset.
 */

interface Options {
  json: boolean;
  kiosks: number;
  stormKiosks: number;
  intervalSec: number;
  pgOutageSec: number;
  faults: FaultName[];
}

interface Result {
  lines: FaultLine[];
}

function parse(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean' },
      kiosks: { type: 'string' },
      'storm-kiosks': { type: 'string' },
      interval: { type: 'string' },
      'pg-outage': { type: 'string' },
      faults: { type: 'string' },
    },
  });
  const faults = (values.faults ?? FAULTS.join(',')).split(',').map((f) => f.trim());
  for (const f of faults) {
    if (!FAULTS.includes(f as FaultName))
      throw new Error(`--faults: unknown fault "${f}" (${FAULTS.join(', ')})`);
  }
  return {
    json: values.json === true,
    kiosks: positive('kiosks', values.kiosks, 2000),
    stormKiosks: positive('storm-kiosks', values['storm-kiosks'], 10_000),
    intervalSec: positive('interval', values.interval, 5),
    pgOutageSec: positive('pg-outage', values['pg-outage'], 30),
    faults: faults as FaultName[],
  };
}

const say = (msg: string) => void process.stderr.write(`[faults] ${msg}\n`);

async function run(o: Options, cleanups: Array<() => Promise<unknown>>): Promise<Result> {
  const largest = Math.max(o.kiosks, o.faults.includes('reconnect-storm') ? o.stormKiosks : 0);
  const processes = lbProcessesFor(largest);
  if (processes > 1) {
    say(
      `HAProxy's maxconn is ${lbMaxConn()} a process here (hard ulimit -n): ${largest} kiosks go through ` +
        `${processes} HAProxy processes on one port, as through ${processes} load-balancer nodes`,
    );
  }
  const commandKiosks = 20;
  const t = new FaultTopology({
    kiosks: largest,
    commandKiosks,
    intervalSec: o.intervalSec,
    webhookDelayMs: 2,
    say,
  });
  cleanups.push(() => t.stop());
  await t.start();
  const plan: FaultPlan = {
    kiosks: o.kiosks,
    stormKiosks: o.stormKiosks,
    pgOutageSec: o.pgOutageSec,
    webhookBurst: 5000,
    connectRate: 200,
    recoveryTimeoutSec: 120,
    workerRecoveryTimeoutSec: 150,
    tailSec: 2 * o.intervalSec,
    webhookWaitSec: 120,
    commandEveryMs: 100,
  };
  const lines = await runFaults(t, plan, o.faults, say);
  return { lines };
}

void benchMain<Options, Result>({
  parse,
  // Provisioning, the connect ramps (10,000 kiosks at 200/s: 50 s) and each fault's recovery.
  budgetSec: (o) => 600 + o.faults.length * 300 + o.stormKiosks / 20,
  run,
  render: (r) => r.lines.map(formatFaultLine).join('\n'),
});
