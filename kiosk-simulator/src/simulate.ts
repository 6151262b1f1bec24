import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planScenarios } from '../../libs/kiosk-signals/src';
import { ResolvedOptions, UsageError, defaultThreads } from './cli-options';
import { KioskCredential, readCredentials, writeCredentials } from './credentials';
import { formatFromPath } from './ground-truth-sinks';
import { defaultSettings } from './kiosk-env';
import { buildSpecs, planFleet } from './plan-fleet';
import { ProgressPrinter } from './progress';
import { provisionKiosks } from './provision';
import { runFleet } from './run';
import { SimulationSummary, buildSummary } from './summary';
import { WANDER_LABEL, planWanderers } from './wander';

async function obtainCredentials(
  opts: ResolvedOptions,
  log: (line: string) => void,
): Promise<{ creds: KioskCredential[] | null; count: number }> {
  if (opts.credentialsIn !== null) {
    const creds = readCredentials(opts.credentialsIn);
    const count = opts.kiosks ?? creds.length;
    if (count > creds.length) {
      throw new UsageError(`--kiosks ${count} but ${opts.credentialsIn} holds only ${creds.length} kiosks`);
    }
    log(`using ${count} kiosks from ${opts.credentialsIn}`);
    return { creds: creds.slice(0, count), count };
  }
  if (opts.adminUsername === null || opts.adminPassword === null) {
    throw new UsageError(
      'kiosks must be provisioned: give --admin-username/--admin-password (or ADMIN_USERNAME/ADMIN_PASSWORD), ' +
        'or reuse kiosks with --credentials <file>',
    );
  }
  return { creds: null, count: opts.kiosks ?? 10 };
}

export interface SimulationOutcome {
  summary: SimulationSummary;
  interrupted: boolean;
}

/**
 * Provision (or load) the kiosks, plan faults, run the fleet for the duration, and summarise.
 * The CLI is a thin wrapper around this; benchmarks and the backend smoke test call it directly.
 */
export async function simulate(
  opts: ResolvedOptions,
  hooks: { log?: (line: string) => void; abort?: AbortSignal; progress?: boolean } = {},
): Promise<SimulationOutcome> {
  const log = hooks.log ?? (() => undefined);
  const { creds: existing, count } = await obtainCredentials(opts, log);
  const planned = planFleet({
    count,
    runId: opts.runId,
    seed: opts.seed,
    locations: opts.locations,
    tags: opts.tags,
    credentials: existing ?? undefined,
  });

  let creds = existing;
  let credentialsFile = opts.credentialsIn;
  if (creds === null) {
    credentialsFile = opts.credentialsOut ?? join(tmpdir(), `kiosk-sim-credentials-${opts.runId}.json`);
    log(`provisioning ${count} kiosks on ${opts.url} (run id ${opts.runId})…`);
    const provisioned = await provisionKiosks({
      baseUrl: opts.url,
      username: opts.adminUsername as string,
      password: opts.adminPassword as string,
      kiosks: planned.map((p) => p.registration),
      onProgress: (done, total) => {
        if (done % 500 === 0 || done === total) log(`  provisioned ${done}/${total}`);
      },
    });
    writeCredentials(credentialsFile, provisioned);
    log(`credentials saved to ${credentialsFile} (reuse with --credentials)`);
    creds = provisioned;
  }

  const simStartMs = opts.simStartMs ?? Date.now();
  const faults = planScenarios(planned, opts.scenarios, {
    seed: opts.seed,
    simStartMs,
    simDurationSec: opts.durationSec * opts.timeScale,
  });
  const faultyKiosks: Record<string, number> = {};
  for (const windows of faults.values()) {
    for (const name of new Set(windows.map((w) => w.name)))
      faultyKiosks[name] = (faultyKiosks[name] ?? 0) + 1;
  }
  const wanderers = planWanderers(
    planned.map((p) => p.serial),
    opts.wanderers,
    { seed: opts.seed, simStartMs, simDurationSec: opts.durationSec * opts.timeScale },
  );
  if (wanderers.size > 0) faultyKiosks[WANDER_LABEL] = wanderers.size;
  const specs = buildSpecs(planned, creds, faults, wanderers);
  const threads = Math.min(opts.threads ?? defaultThreads(count), count);
  const gtFormat = opts.groundTruth ? formatFromPath(opts.groundTruth) : null;

  const printer = hooks.progress ? new ProgressPrinter(opts.durationSec) : null;
  log(
    `running ${count} kiosks on ${threads} thread(s) for ${opts.durationSec}s, interval ${opts.intervalSec}s, ` +
      `time scale ${opts.timeScale}, scenario ${opts.scenarioText}, seed ${opts.seed}`,
  );
  const result = await runFleet(
    {
      shard: {
        settings: defaultSettings({
          url: opts.url,
          intervalSec: opts.intervalSec,
          ackTimeoutMs: opts.ackTimeoutMs,
          runId: opts.runId,
          seed: opts.seed,
          firmwareVersion: opts.firmwareVersion,
          updateFailureRate: opts.updateFailureRate,
          updateStaleRate: opts.updateStaleRate,
          updateRebootSec: opts.updateRebootSec,
        }),
        simStartMs,
        timeScale: opts.timeScale,
        connectRate: opts.connectRate,
        groundTruthFormat: gtFormat,
      },
      kiosks: specs,
      threads,
      durationSec: opts.durationSec,
      groundTruthPath: opts.groundTruth,
    },
    { onProgress: (s, elapsed) => printer?.update(s, elapsed), abort: hooks.abort },
  );
  printer?.done();
  const summary = buildSummary(
    {
      runId: opts.runId,
      url: opts.url,
      seed: opts.seed,
      scenario: opts.scenarioText,
      threads,
      intervalSec: opts.intervalSec,
      timeScale: opts.timeScale,
      faultyKiosks,
      credentialsFile,
      groundTruth: opts.groundTruth && gtFormat ? { path: opts.groundTruth, format: gtFormat } : null,
    },
    result,
  );
  return { summary, interrupted: result.interrupted };
}
