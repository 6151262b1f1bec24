import type { WindowStats, WritePathResult } from './protocol';
import { round } from './stats';

export interface ClosedLoopResult {
  connections: number;
  inflight: number;
  stats: WindowStats;
  cpuPercent: Record<string, number>;
  machineBusyPercent: number;
  /** Stored readings/s of each round, when several were merged. */
  rounds?: number[];
}

export interface BenchResult {
  config: { kiosks: number; intervalSec: number; durationSec: number; quick: boolean; cores: number };
  setup: {
    apiReadySec: number;
    registerSec: number;
    connectSec: number;
    connected: number;
    connectFailures: Record<string, number>;
  };
  steady: {
    expectedPerSec: number;
    stats: WindowStats;
    cpuPercent: Record<string, number>;
    machineBusyPercent: number;
    rssBaselineMB: number;
    rssConnectedMB: number;
    rssPerKioskKB: number;
    /** Growth per kiosk of V8's heap (used, reserved) and of memory outside it (Buffers). */
    heapPerKioskKB: { used: number; total: number; external: number };
    /** The bare socket.io server's RSS growth per connected socket: the transport's share. */
    bareRssPerKioskKB: number;
    /** The same under the steady window's load (median over as long a window). */
    bareLoadedRssPerKioskKB: number;
    eventLoopLagP99Ms: number;
  };
  ceiling: { api: ClosedLoopResult; bare: ClosedLoopResult; ratio: number };
  writePath: WritePathResult & { readings: number; method: string };
  rowCheck: { rows: number; acked: number; timeouts: number; match: boolean };
  wallSec: number;
  targets: Target[];
}

export interface Target {
  name: string;
  value: number;
  unit: string;
  limit: string;
  pass: boolean;
}

/** The targets; they are defined at 10,000 kiosks every 5 s, other runs are indicative. */
export function evaluateTargets(r: Omit<BenchResult, 'targets'>): Target[] {
  const s = r.steady;
  return [
    {
      name: 'p99 emit→committed',
      value: s.stats.latencyMs.p99,
      unit: 'ms',
      limit: '≤ 100',
      pass: s.stats.latencyMs.p99 <= 100,
    },
    {
      name: 'event-loop lag p99',
      value: s.eventLoopLagP99Ms,
      unit: 'ms',
      limit: '≤ 20',
      pass: s.eventLoopLagP99Ms <= 20,
    },
    {
      name: 'RSS per connected kiosk',
      value: s.rssPerKioskKB,
      unit: 'KB',
      limit: '≤ 20',
      pass: s.rssPerKioskKB <= 20,
    },
    {
      name: 'steady stored/s vs offered',
      value: s.stats.storedPerSec / s.expectedPerSec,
      unit: '×',
      limit: '≥ 0.95',
      pass: s.stats.storedPerSec >= 0.95 * s.expectedPerSec,
    },
    {
      name: 'ceiling API / bare socket.io',
      value: r.ceiling.ratio,
      unit: '×',
      limit: '≥ 0.5',
      pass: r.ceiling.ratio >= 0.5,
    },
    {
      name: 'batch writer / INSERT per row',
      value: r.writePath.ratio,
      unit: '×',
      limit: '≥ 50',
      pass: r.writePath.ratio >= 50,
    },
    {
      name: 'rows stored = readings acked',
      value: r.rowCheck.rows,
      unit: 'rows',
      limit: `= ${r.rowCheck.acked}`,
      pass: r.rowCheck.match,
    },
  ];
}

/** A figure for a report: rounded, thousands separated, `n/a` when there is none. Shared by the bench reports. */
export const fmt = (v: number, digits = 1) =>
  Number.isFinite(v) ? round(v, digits).toLocaleString('en-US') : 'n/a';
/** Counts by key as `key=n …`, or `none`. */
export const errs = (m: Record<string, number>) =>
  Object.keys(m).length
    ? Object.entries(m)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')
    : 'none';
const cpu = (m: Record<string, number>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${fmt(v, 0)}%`)
    .join(', ');

function table(title: string, rows: Array<[string, string]>): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return [`\n${title}`, ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`)].join('\n');
}

function loop(l: ClosedLoopResult): string {
  const s = l.stats;
  return (
    `${fmt(s.storedPerSec, 0)} acked/s  ` +
    (l.rounds ? `(rounds ${l.rounds.map((v) => fmt(v, 0)).join(' / ')}; ` : '(') +
    `${l.connections} kiosks, ${l.inflight} in flight; ` +
    `p50 ${fmt(s.latencyMs.p50)} ms, p99 ${fmt(s.latencyMs.p99)} ms; errors ${errs(s.errors)}, timeouts ${s.timeouts}; ` +
    `CPU ${cpu(l.cpuPercent)}; machine ${fmt(l.machineBusyPercent, 0)}% busy` +
    (s.paced > s.sent * 0.01 ? `; ${s.paced} sends waited for the per-kiosk rate limit: a lower bound` : '') +
    ')'
  );
}

export function renderReport(r: BenchResult): string {
  const s = r.steady;
  const c = r.config;
  const out = [
    `telemetry bench — ${c.kiosks} kiosks every ${c.intervalSec} s for ${c.durationSec} s` +
      `${c.quick ? ' (--quick)' : ''}, ${c.cores} cores (load generator, PostgreSQL and the API share them)`,
    table('setup', [
      ['API ready after', `${fmt(r.setup.apiReadySec)} s (fresh database, migrations on start)`],
      ['kiosks registered', `${c.kiosks} in ${fmt(r.setup.registerSec)} s (REST, 32 in flight)`],
      [
        'kiosks connected',
        `${r.setup.connected} in ${fmt(r.setup.connectSec)} s; failures: ${errs(r.setup.connectFailures)}`,
      ],
    ]),
    table(`steady state (${fmt(s.stats.seconds)} s window, after one interval of warm-up)`, [
      ['stored readings/s', `${fmt(s.stats.storedPerSec)} (offered ${fmt(s.expectedPerSec)}/s)`],
      [
        'emit→ack (committed)',
        `p50 ${fmt(s.stats.latencyMs.p50)} ms, p99 ${fmt(s.stats.latencyMs.p99)} ms, max ${fmt(s.stats.latencyMs.max)} ms`,
      ],
      ['errors / timeouts', `${errs(s.stats.errors)} / ${s.stats.timeouts}`],
      ['CPU (% of one core)', `${cpu(s.cpuPercent)}; whole machine ${fmt(s.machineBusyPercent, 0)}% busy`],
      ['API RSS', `${fmt(s.rssBaselineMB)} MB before connecting → ${fmt(s.rssConnectedMB)} MB connected`],
      [
        'RSS per connected kiosk',
        `${fmt(s.rssPerKioskKB)} KB (V8 heap used ${fmt(s.heapPerKioskKB.used)} KB, heap reserved ` +
          `${fmt(s.heapPerKioskKB.total)} KB, external ${fmt(s.heapPerKioskKB.external)} KB)` +
          (c.kiosks < 5000 ? ' — too few kiosks for a per-kiosk figure: GC noise dominates' : ''),
      ],
      [
        '  bare socket.io, for scale',
        `${fmt(s.bareRssPerKioskKB)} KB RSS per connected socket idle, ` +
          `${fmt(s.bareLoadedRssPerKioskKB)} KB under the same load`,
      ],
      [
        'event-loop lag p99',
        `${fmt(s.eventLoopLagP99Ms)} ms (prom-client, includes its 10 ms sampling resolution)`,
      ],
    ]),
    table('ceiling (closed loop)', [
      ['API', loop(r.ceiling.api)],
      ['bare socket.io', loop(r.ceiling.bare)],
      ['ratio', `${fmt(r.ceiling.ratio, 2)}`],
    ]),
    table(
      `write path (${r.writePath.readings} readings per run, median of ${r.writePath.batchWriter.runs.length})`,
      [
        ['batch writer', `${fmt(r.writePath.batchWriter.rowsPerSec, 0)} rows/s — ${r.writePath.method}`],
        ['one INSERT per reading', `${fmt(r.writePath.singleInsert.rowsPerSec, 0)} rows/s (pool of 10)`],
        ['ratio', `${fmt(r.writePath.ratio)}×`],
        [
          'for context',
          `one INSERT per reading on 1 connection: ${fmt(r.writePath.singleInsertOneConnection.rowsPerSec, 0)} ` +
            `rows/s → batch writer ${fmt(r.writePath.batchWriter.rowsPerSec / r.writePath.singleInsertOneConnection.rowsPerSec)}×`,
        ],
      ],
    ),
    table('check', [
      [
        'telemetry rows',
        r.rowCheck.match
          ? `${r.rowCheck.rows} = ${r.rowCheck.acked} readings acked`
          : `MISMATCH!!! ${r.rowCheck.rows} rows in telemetry but ${r.rowCheck.acked} readings acked ` +
            `(${r.rowCheck.timeouts} ack timeouts)`,
      ],
    ]),
    table(
      'targets' +
        (c.kiosks === 10_000 && c.intervalSec === 5
          ? ''
          : ' (defined at 10,000 kiosks every 5 s: indicative here)'),
      r.targets.map((t) => [
        t.name,
        `${t.pass ? 'PASS' : 'FAIL'}  ${fmt(t.value, 2)} ${t.unit} (target ${t.limit})`,
      ]),
    ),
    `\nwall time ${fmt(r.wallSec)} s`,
  ];
  return out.join('\n');
}
