import { parseArgs } from 'node:util';
import { DEFAULT_SITES, ScenarioRule } from '../../libs/kiosk-signals/src';
import { FleetConfig, LocationConfig, loadFleetConfig } from './config-file';
import { parseDuration } from './duration';
import { newRunId } from './plan-fleet';
import { parseScenarioArg } from './scenarios/scenario-arg';
import { WanderRule, parseWanderArg } from './wander';

export class UsageError extends Error {}

export const USAGE = `kiosk-simulator — drives simulated kiosks against a kiosk-fleet backend

Usage: npm run simulate -- [options]

  --url <url>                 backend base URL (default http://127.0.0.1:3000)
  --kiosks <n>                number of kiosks (default 10, or all in --credentials)
  --interval <s>              seconds between readings (default 5)
  --duration <d>              run time: 30s, 10m, 2h (default 1m)
  --scenario <spec>           normal | mixed | name[:share][@at][~for],...  (default normal)
                              e.g. overheat:10%@5m,flood:2  (at/for in simulated time)
  --time-scale <x>            simulated seconds per real second (default 1)
  --start <iso>               simulated start time (default now)
  --seed <s>                  seed for reproducible signals and fault assignment
  --config <file>             fleet description (YAML or JSON): locations, tags, scenarios
  --admin-username <u>        admin for provisioning (or env ADMIN_USERNAME)
  --admin-password <p>        (or env ADMIN_PASSWORD)
  --credentials <file>        reuse kiosks: JSON from --credentials-out, or serial,secret lines
  --credentials-out <file>    where to save provisioned serials and secrets
  --run-id <id>               serials are SIM-<run-id>-00001… (default: fresh)
  --tag <tag>                 tag for provisioned kiosks (repeatable)
  --ground-truth <file>       write every reading sent with its fault label (.jsonl or .csv)
  --threads <n>               worker threads (default 1 below 2000 kiosks, else 2)
  --connect-rate <n>          new connections per second (default 200)
  --ack-timeout <ms>          wait for an ack before holding a reading for resend (default 10000)
  --update-failure <rate>     share of update commands that fail: ack error, old version kept
                              (3% or 0.03; default 3%)
  --update-stale <rate>       share acked success that reboot back into the old version (default 0)
  --update-reboot <d>         time dark while rebooting into a new image after an update (default 5s,
                              simulated)
  --wanderers <spec>          kiosks whose GPS position leaves their site (800–3000 m) and returns:
                              share[@at][~for], e.g. 5%@10m~20m (default none; at: 10–40% of the run,
                              for: 15m, simulated); ground truth labels their readings "wander"
  --json                      print only the final JSON summary
  --help
`;

export interface ResolvedOptions {
  help: boolean;
  url: string;
  kiosks: number | null;
  intervalSec: number;
  durationSec: number;
  scenarioText: string;
  scenarios: ScenarioRule[];
  timeScale: number;
  simStartMs: number | null;
  seed: string;
  runId: string;
  adminUsername: string | null;
  adminPassword: string | null;
  credentialsIn: string | null;
  credentialsOut: string | null;
  tags: string[];
  locations: LocationConfig[];
  groundTruth: string | null;
  threads: number | null;
  connectRate: number;
  ackTimeoutMs: number;
  firmwareVersion: string;
  updateFailureRate: number;
  updateStaleRate: number;
  updateRebootSec: number;
  wanderers: WanderRule | null;
  json: boolean;
}

const OPTIONS = {
  url: { type: 'string' },
  kiosks: { type: 'string' },
  interval: { type: 'string' },
  duration: { type: 'string' },
  scenario: { type: 'string' },
  'time-scale': { type: 'string' },
  start: { type: 'string' },
  seed: { type: 'string' },
  config: { type: 'string' },
  'admin-username': { type: 'string' },
  'admin-password': { type: 'string' },
  credentials: { type: 'string' },
  'credentials-out': { type: 'string' },
  'run-id': { type: 'string' },
  tag: { type: 'string', multiple: true },
  'ground-truth': { type: 'string' },
  threads: { type: 'string' },
  'connect-rate': { type: 'string' },
  'ack-timeout': { type: 'string' },
  'update-failure': { type: 'string' },
  'update-stale': { type: 'string' },
  'update-reboot': { type: 'string' },
  wanderers: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function number(text: string, name: string, min: number, max: number, integer = false): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw new UsageError(
      `--${name}: expected ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got "${text}"`,
    );
  }
  return v;
}

/** A share of commands: `3%` or `0.03`, in [0, 1]. */
export function parseRate(text: string, name: string): number {
  const pct = text.endsWith('%');
  const v = Number(pct ? text.slice(0, -1) : text) / (pct ? 100 : 1);
  if (text.trim() === '' || !Number.isFinite(v) || v < 0 || v > 1) {
    throw new UsageError(`--${name}: expected a share like 3% or 0.03 in [0, 1], got "${text}"`);
  }
  return v;
}

function wrap<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new UsageError(`--${name}: ${(e as Error).message}`);
  }
}

/** Command line over config file over defaults. */
export function resolveOptions(argv: string[], env: NodeJS.ProcessEnv): ResolvedOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const a = parsed.values;
  const file: FleetConfig = a.config ? wrap('config', () => loadFleetConfig(a.config as string)) : {};

  const url = (a.url ?? file.url ?? 'http://127.0.0.1:3000').replace(/(?<!\/)\/+$/, '');
  if (!/^https?:\/\//.test(url)) throw new UsageError(`--url: expected http(s)://host:port, got "${url}"`);
  const kiosks =
    a.kiosks !== undefined ? number(a.kiosks, 'kiosks', 1, 100_000, true) : (file.kiosks ?? null);
  const intervalSec =
    a.interval !== undefined
      ? wrap('interval', () => parseDuration(a.interval as string))
      : (file.interval ?? 5);
  if (!(intervalSec >= 0.05)) throw new UsageError('--interval: must be at least 0.05 s');
  const durationSec =
    a.duration !== undefined
      ? wrap('duration', () => parseDuration(a.duration as string))
      : (file.duration ?? 60);
  if (!(durationSec > 0)) throw new UsageError('--duration: must be positive');
  const scenarioText = a.scenario ?? (file.scenarios ? 'config' : 'normal');
  const scenarios =
    a.scenario !== undefined
      ? wrap('scenario', () => parseScenarioArg(a.scenario as string))
      : (file.scenarios ?? []);
  const timeScale =
    a['time-scale'] !== undefined ? number(a['time-scale'], 'time-scale', 0.001, 1e6) : (file.timeScale ?? 1);
  const startText = a.start ?? file.start;
  let simStartMs: number | null = null;
  if (startText !== undefined) {
    simStartMs = Date.parse(startText);
    if (Number.isNaN(simStartMs)) throw new UsageError(`--start: not an ISO 8601 time: "${startText}"`);
  }
  const runId = a['run-id'] ?? file.runId ?? newRunId();
  if (!/^[A-Za-z0-9_-]{1,24}$/.test(runId))
    throw new UsageError('--run-id: letters, digits, _ and - only (max 24)');
  const threads =
    a.threads !== undefined ? number(a.threads, 'threads', 1, 64, true) : (file.threads ?? null);
  const updateFailureRate =
    a['update-failure'] !== undefined
      ? parseRate(a['update-failure'], 'update-failure')
      : (file.updateFailure ?? 0.03);
  const updateStaleRate =
    a['update-stale'] !== undefined ? parseRate(a['update-stale'], 'update-stale') : (file.updateStale ?? 0);
  if (updateFailureRate + updateStaleRate > 1) {
    throw new UsageError('--update-failure and --update-stale add up to more than 100%');
  }
  const updateRebootSec =
    a['update-reboot'] !== undefined
      ? wrap('update-reboot', () => parseDuration(a['update-reboot'] as string))
      : (file.updateReboot ?? 5);
  const wanderers =
    a.wanderers !== undefined
      ? wrap('wanderers', () => parseWanderArg(a.wanderers as string))
      : (file.wanderers ?? null);
  return {
    help: a.help === true,
    url,
    kiosks,
    intervalSec,
    durationSec,
    scenarioText,
    scenarios,
    timeScale,
    simStartMs,
    seed: a.seed ?? file.seed ?? Math.floor(Math.random() * 2 ** 31).toString(36),
    runId,
    adminUsername: a['admin-username'] ?? env.ADMIN_USERNAME ?? null,
    adminPassword: a['admin-password'] ?? env.ADMIN_PASSWORD ?? null,
    credentialsIn: a.credentials ?? file.credentials ?? null,
    credentialsOut: a['credentials-out'] ?? file.credentialsOut ?? null,
    tags: a.tag ?? file.tags ?? ['simulated'],
    locations: file.locations ?? [...DEFAULT_SITES],
    groundTruth: a['ground-truth'] ?? file.groundTruth ?? null,
    threads,
    connectRate:
      a['connect-rate'] !== undefined
        ? number(a['connect-rate'], 'connect-rate', 0.01, 100_000)
        : (file.connectRate ?? 200),
    ackTimeoutMs:
      a['ack-timeout'] !== undefined ? number(a['ack-timeout'], 'ack-timeout', 10, 600_000, true) : 10_000,
    firmwareVersion: file.firmwareVersion ?? '4.2.0',
    updateFailureRate,
    updateStaleRate,
    updateRebootSec,
    wanderers,
    json: a.json === true,
  };
}

/** One thread handles ~2,000 kiosks comfortably; beyond that two spread the socket work. */
export function defaultThreads(kiosks: number): number {
  return kiosks < 2000 ? 1 : 2;
}
