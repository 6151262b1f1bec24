import type { Tally } from './attack-tally';
import type { WindowStats } from './protocol';
import { errs, fmt, type Target } from './report';

/* bench:hostile's result, its targets (issue 16) and the report it prints. */

export interface PhaseResult {
  stats: WindowStats;
  /** Readings per second the fleet offered (kiosks / interval). */
  offeredPerSec: number;
  /** prom-client's event-loop delay histogram over exactly this phase (it resets on each scrape). */
  eventLoopLagMs: { p50: number; p99: number; max: number };
  /** GET /health/live every 100 ms from the bench: the loop as a client sees it. */
  live: { samples: number; p50: number; p99: number; max: number; failures: number };
  cpuPercent: Record<string, number>;
  machineBusyPercent: number;
}

export interface HostileResult {
  config: {
    kiosks: number;
    intervalSec: number;
    phaseSec: number;
    operatorKiosks: number;
    exportRows: number;
    trustProxy: string;
    quick: boolean;
    cores: number;
    attackerNice: number;
  };
  setup: {
    apiReadySec: number;
    registerSec: number;
    connected: number;
    connectFailures: Record<string, number>;
  };
  quiet: PhaseResult;
  attack: PhaseResult;
  attacks: { kiosk: { rounds: number; tally: Tally }; operator: { tally: Tally } };
  /** The victim of the password spray logging in with the right password, from its own address. */
  victimLogin: string;
  /** Counters of the API that grew during the attack phase (refusals, drops, limits). */
  counters: Array<{ name: string; quiet: number; attack: number }>;
  /** Readings the well-behaved kiosks had acknowledged, looked up by (kiosk, seq) at the end. */
  loss: { acked: number; lost: number; storedTwice: number; ackTimeouts: number };
  wallSec: number;
  targets: Target[];
}

const refused = (s: WindowStats) => Object.values(s.errors).reduce((a, b) => a + b, 0) + s.timeouts;

export function evaluateTargets(r: Omit<HostileResult, 'targets'>): Target[] {
  const ratio = r.attack.stats.latencyMs.p99 / r.quiet.stats.latencyMs.p99;
  const refusedTotal = refused(r.quiet.stats) + refused(r.attack.stats);
  return [
    {
      name: 'ack p99 under attack / quiet',
      value: ratio,
      unit: '×',
      limit: '≤ 1.5',
      pass: ratio <= 1.5,
    },
    {
      name: 'event-loop lag p99 under attack',
      value: r.attack.eventLoopLagMs.p99,
      unit: 'ms',
      limit: '≤ 50',
      pass: r.attack.eventLoopLagMs.p99 <= 50,
    },
    {
      name: 'readings lost (acked, not stored)',
      value: r.loss.lost,
      unit: 'readings',
      limit: '= 0',
      pass: r.loss.lost === 0 && r.loss.acked > 0,
    },
    {
      name: 'well-behaved readings refused or unanswered',
      value: refusedTotal,
      unit: 'readings',
      limit: '= 0',
      pass: refusedTotal === 0,
    },
  ];
}

function columns(title: string, head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd();
  return [`\n${title}`, line(head), ...rows.map(line)].join('\n');
}

function phaseRows(q: PhaseResult, a: PhaseResult): string[][] {
  const both = (f: (p: PhaseResult) => string) => [f(q), f(a)];
  const ratio = (f: (p: PhaseResult) => number) => `${fmt(f(a) / f(q), 2)}×`;
  return [
    [
      'ack p50 (emit → committed)',
      ...both((p) => `${fmt(p.stats.latencyMs.p50)} ms`),
      ratio((p) => p.stats.latencyMs.p50),
    ],
    ['ack p99', ...both((p) => `${fmt(p.stats.latencyMs.p99)} ms`), ratio((p) => p.stats.latencyMs.p99)],
    ['ack max', ...both((p) => `${fmt(p.stats.latencyMs.max)} ms`), ''],
    [
      'stored readings/s (offered)',
      ...both((p) => `${fmt(p.stats.storedPerSec)} (${fmt(p.offeredPerSec)})`),
      '',
    ],
    ['refused / unanswered', ...both((p) => `${errs(p.stats.errors)} / ${p.stats.timeouts}`), ''],
    [
      'event-loop lag p50 / p99 / max',
      ...both(
        (p) =>
          `${fmt(p.eventLoopLagMs.p50)} / ${fmt(p.eventLoopLagMs.p99)} / ${fmt(p.eventLoopLagMs.max)} ms`,
      ),
      ratio((p) => p.eventLoopLagMs.p99),
    ],
    [
      'GET /health/live p50 / p99 / max',
      ...both(
        (p) =>
          `${fmt(p.live.p50)} / ${fmt(p.live.p99)} / ${fmt(p.live.max)} ms` +
          (p.live.failures ? ` (${p.live.failures} failed)` : ''),
      ),
      '',
    ],
  ];
}

const cpuLine = (name: string, p: PhaseResult) =>
  `  CPU ${name.padEnd(12)} ` +
  Object.entries(p.cpuPercent)
    .map(([k, v]) => `${k} ${fmt(v, 0)}%`)
    .join(', ') +
  ` of one core; machine ${fmt(p.machineBusyPercent, 0)}% busy`;

function tallyRows(who: string, tally: Tally): string[][] {
  return Object.entries(tally).map(([attack, outcomes]) => {
    const total = Object.values(outcomes).reduce((a, b) => a + b, 0);
    const sorted = Object.entries(outcomes).sort((x, y) => y[1] - x[1]);
    return [who, attack, String(total), sorted.map(([o, n]) => `${o} ×${n}`).join('; ')];
  });
}

export function renderHostileReport(r: HostileResult): string {
  const c = r.config;
  const out = [
    `hostile bench — ${c.kiosks} well-behaved kiosks every ${c.intervalSec} s, a quiet phase then an attacked ` +
      `phase of ${fmt(c.phaseSec)} s each on one API process${c.quick ? ' (--quick)' : ''}; ${c.cores} cores shared ` +
      `by the API, PostgreSQL, the fleet and both attackers (attackers at nice ${c.attackerNice})`,
    `  ${r.setup.connected} kiosks connected (failures: ${errs(r.setup.connectFailures)}); API ready after ` +
      `${fmt(r.setup.apiReadySec)} s; operator assigned ${c.operatorKiosks} kiosks, ${c.exportRows.toLocaleString('en-US')} ` +
      `payments to export; TRUST_PROXY=${c.trustProxy} (X-Forwarded-For is the client address)`,
    columns(
      'well-behaved kiosks and the event loop',
      ['', 'quiet', 'under attack', 'ratio'],
      phaseRows(r.quiet, r.attack),
    ),
    cpuLine('quiet', r.quiet),
    cpuLine('under attack', r.attack),
    columns(
      `how the server answered each attack (the kiosk's attack list ran ${r.attacks.kiosk.rounds} full rounds)`,
      ['by', 'attack', 'answers', 'outcomes'],
      [...tallyRows('kiosk', r.attacks.kiosk.tally), ...tallyRows('operator', r.attacks.operator.tally)],
    ),
    `\n  the spray's victim logging in with its password during the attack, from the address it used before: ${r.victimLogin}`,
    r.counters.length
      ? columns(
          'API counters that grew under attack (refusals, limits, drops)',
          ['counter', 'quiet', 'attack'],
          r.counters.map((k) => [k.name, fmt(k.quiet, 0), fmt(k.attack, 0)]),
        )
      : '\n  (no refusal counter of the API grew under attack)',
    `\n  readings lost: ${r.loss.lost} of ${r.loss.acked} acknowledged (looked up by kiosk and seq); ` +
      `stored twice: ${r.loss.storedTwice}; ack timeouts over the run: ${r.loss.ackTimeouts}`,
    columns(
      'targets (issue 16)',
      ['target', 'result', 'value'],
      r.targets.map((t) => [
        t.name,
        t.pass ? 'PASS' : 'FAIL',
        `${fmt(t.value, 2)} ${t.unit} (target ${t.limit})`,
      ]),
    ),
    `\nwall time ${fmt(r.wallSec)} s`,
  ];
  return out.join('\n');
}
