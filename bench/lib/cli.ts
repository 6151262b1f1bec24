import { parseArgs } from 'node:util';
import { apiEnvFromProcess } from './api-process';
import { BENCH_ADMIN_DB_URL, BENCH_REDIS_URL } from './args';

export interface BenchOptions {
  kiosks: number;
  intervalSec: number;
  durationSec: number;
  quick: boolean;
  json: boolean;
  connectRate: number;
  /** Measured seconds per side in total, split over `ceilingRounds` alternating rounds. */
  ceilingSec: number;
  ceilingRounds: number;
  ceilingWarmupSec: number;
  writePathReadings: number;
  writePathRepeats: number;
  adminUrl: string;
  redisUrl: string;
  apiNodeArgs: string[];
  bareNodeArgs: string[];
  apiEnv: Record<string, string>;
}

/** `90`, `30s`, `2m`, `1h` → seconds. */
export function parseDuration(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(raw.trim());
  if (!m) throw new Error(`bad duration "${raw}" (use 60, 30s, 2m)`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return unit === 'ms' ? n / 1000 : unit === 'm' ? n * 60 : unit === 'h' ? n * 3600 : n;
}

export function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${raw}"`);
  return n;
}

export const USAGE = `npm run bench:telemetry -- [--kiosks N] [--interval S] [--duration D] [--quick] [--json]
  --kiosks N        connected kiosks in the steady phase (default 1000)
  --interval S      seconds between readings of one kiosk (default 5; --quick: 2)
  --duration D      steady measurement window, 60 / 30s / 2m (default 60s; --quick: 15s)
  --connect-rate R  new kiosk connections per second (default 500)
  --quick           the whole run in about a minute (short ceiling and write-path phases too)
  --json            print only the final JSON line on stdout
env: BENCH_DATABASE_ADMIN_URL   default postgres://postgres@127.0.0.1:5432/postgres
     BENCH_REDIS_URL            default redis://127.0.0.1:6379
     BENCH_API_NODE_ARGS        node flags for the API, e.g. --cpu-prof --cpu-prof-dir=/tmp/prof
     BENCH_BARE_NODE_ARGS       the same for the bare socket.io server
     BENCH_API_ENV              extra API variables, e.g. 'TELEMETRY_FLUSH_MS=20' (experiments)
     BENCH_KEEP_LOGS=1          keep the API log (its path is printed at start)`;

export function parseCli(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      kiosks: { type: 'string' },
      interval: { type: 'string' },
      duration: { type: 'string' },
      'connect-rate': { type: 'string' },
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  // --quick offers 500 readings/s like "500 kiosks every 1 s", but from 1,000 kiosks every 2 s: the
  // ceiling phase needs ~1,000 sockets to stay under the API's per-kiosk rate limit (20/s).
  const quick = values.quick === true;
  const kiosks = Math.round(positive('kiosks', values.kiosks, 1000));
  const intervalSec = positive('interval', values.interval, quick ? 2 : 5);
  if (!Number.isInteger(intervalSec))
    throw new Error('--interval must be whole seconds (TELEMETRY_INTERVAL_SEC)');
  return {
    kiosks,
    intervalSec,
    durationSec: values.duration ? parseDuration(values.duration) : quick ? 15 : 60,
    quick,
    json: values.json === true,
    connectRate: positive('connect-rate', values['connect-rate'], 500),
    ceilingSec: quick ? 6 : 15,
    ceilingRounds: quick ? 2 : 3,
    ceilingWarmupSec: quick ? 1 : 2,
    writePathReadings: quick ? 2000 : 20000,
    writePathRepeats: quick ? 3 : 5,
    adminUrl: BENCH_ADMIN_DB_URL,
    redisUrl: BENCH_REDIS_URL,
    apiNodeArgs: (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
    bareNodeArgs: (process.env.BENCH_BARE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
    apiEnv: apiEnvFromProcess(),
  };
}
