import { execFileSync } from 'node:child_process';
import { withAdmin } from './api-process';
import { RpcClient } from './ipc';
import { CpuMeter, rssBytes } from './proc-stats';
import type { WindowStats } from './protocol';
import type { ClosedLoopResult } from './report';
import { median, sleep } from './stats';

/**
 * Every socket is a file descriptor in the API and another in the load generator. The limit is per
 * process and cannot be raised from Node (no setrlimit), so the bench can only check it.
 * Answers a note to print, or throws when the run cannot work.
 */
export function checkFileDescriptors(kiosks: number): string | undefined {
  const limit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
  if (!Number.isFinite(limit)) return undefined; // "unlimited"
  const need = kiosks + 1024;
  if (limit < need) {
    throw new Error(
      `ulimit -n is ${limit}, but the API and the load generator each hold one socket per kiosk ` +
        `(~${need} descriptors). Raise it first, e.g. \`ulimit -n 65536\` in this shell (a hard limit ` +
        `needs root or /etc/security/limits.conf), then run the bench again.`,
    );
  }
  if (limit >= 25_000) return undefined;
  return (
    `note: ulimit -n is ${limit} (< 25,000). Enough here: the limit is per process and each process ` +
    `holds ~${need} descriptors; for more kiosks run \`ulimit -n 65536\` first.`
  );
}

/** PostgreSQL backends serving the bench database: their CPU is the write path's database side. */
export async function backendPids(adminUrl: string, db: string): Promise<number[]> {
  return withAdmin(adminUrl, async (c) => {
    const r = await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [db]);
    return r.rows.map((row) => row.pid);
  });
}

/** Median of a few samples: with no way to force a GC in the API, one sample is too noisy. */
export async function medianRss(pid: number, samples: number, everyMs: number): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < samples; i++) {
    values.push(rssBytes(pid));
    if (i < samples - 1) await sleep(everyMs);
  }
  return median(values);
}

/**
 * RSS samples over a measured window, as many as keep one per tenth of it (at least 500 ms apart):
 * under load the old generation grows until the next major GC, so one sample says little.
 */
export async function rssDuring(pid: number, windowSec: number, wait = sleep): Promise<number[]> {
  const samples: number[] = [];
  const windowEnd = performance.now() + windowSec * 1000;
  const every = Math.max(500, (windowSec * 1000) / 10);
  while (performance.now() + every <= windowEnd) {
    await wait(every);
    samples.push(rssBytes(pid));
  }
  await wait(Math.max(0, windowEnd - performance.now()));
  return samples;
}

/**
 * RSS once it has stopped moving: the median of the first `windowMs` of samples that stay within
 * `tolerance` of each other (or of the last window, when `maxMs` runs out). A process that just
 * served a burst (e.g. 10,000 registrations) keeps that garbage for a few seconds and then gives
 * pages back; a baseline taken in between moves a per-kiosk figure by several KB.
 */
export async function settledRss(
  pid: number,
  { windowMs = 3000, everyMs = 250, tolerance = 0.01, maxMs = 30_000 } = {},
): Promise<{ bytes: number; settled: boolean; waitedMs: number }> {
  const started = performance.now();
  const need = Math.ceil(windowMs / everyMs);
  const window: number[] = [];
  for (;;) {
    window.push(rssBytes(pid));
    if (window.length > need) window.shift();
    const waitedMs = performance.now() - started;
    if (window.length === need) {
      const lo = Math.min(...window);
      const hi = Math.max(...window);
      if (hi - lo <= tolerance * lo) return { bytes: median(window), settled: true, waitedMs };
      if (waitedMs >= maxMs) return { bytes: median(window), settled: false, waitedMs };
    }
    await sleep(everyMs);
  }
}

/**
 * Readings in flight during the ceiling phases (the brief's example: 200 connections × 8 = 1,600),
 * rotated over every connected kiosk (see loopStart in load-generator.ts). Enough to fill the
 * API's 500-row batches several times over; the bare server gets exactly the same shape.
 */
export const CEILING_INFLIGHT = 2000;

/** The API's defaults (KIOSK_RATE_LIMIT_PER_SEC 20, _BURST 40), with a margin for jitter. */
export const API_PACE = { perSec: 19, burst: 30 };

export interface LoopTiming {
  warmupSec: number;
  seconds: number;
}

/** One closed-loop measurement on a load generator whose kiosks are connected and joined. */
export async function closedLoop(
  gen: RpcClient,
  pace: { perSec: number; burst: number } | undefined,
  timing: LoopTiming,
  groups: () => Promise<Record<string, number[]>>,
): Promise<ClosedLoopResult> {
  const { connections } = await gen.call<{ connections: number }>(
    'loopStart',
    { inflight: CEILING_INFLIGHT, pace },
    10_000,
  );
  await sleep(timing.warmupSec * 1000);
  const meter = new CpuMeter();
  meter.start(await groups());
  await gen.call('windowStart', {}, 10_000);
  await sleep(timing.seconds * 1000);
  const stats = await gen.call<WindowStats>('windowStop', {}, 10_000);
  const cpu = meter.stop(await groups());
  await gen.call('loopStop', {}, 30_000);
  return {
    connections,
    inflight: CEILING_INFLIGHT,
    stats,
    cpuPercent: { ...cpu.percent, others: cpu.othersPercent },
    machineBusyPercent: cpu.machineBusyPercent,
  };
}

const weighted = (rounds: ClosedLoopResult[], get: (r: ClosedLoopResult) => number) =>
  rounds.reduce((a, r) => a + get(r) * r.stats.seconds, 0) / rounds.reduce((a, r) => a + r.stats.seconds, 0);

/**
 * Several short rounds, API and bare server alternating, merged into one result: on a machine
 * shared with other people's tests the background load changes from second to second, and
 * alternating exposes both sides to it alike. Percentiles are the median of the rounds' values.
 */
export function mergeRounds(rounds: ClosedLoopResult[]): ClosedLoopResult {
  const first = rounds[0] as ClosedLoopResult;
  const sum = (get: (s: WindowStats) => number) => rounds.reduce((a, r) => a + get(r.stats), 0);
  const errors: Record<string, number> = {};
  for (const r of rounds)
    for (const [k, v] of Object.entries(r.stats.errors)) errors[k] = (errors[k] ?? 0) + v;
  const seconds = sum((s) => s.seconds);
  const cpuPercent: Record<string, number> = {};
  for (const k of Object.keys(first.cpuPercent))
    cpuPercent[k] = weighted(rounds, (r) => r.cpuPercent[k] ?? 0);
  return {
    connections: first.connections,
    inflight: first.inflight,
    stats: {
      seconds,
      sent: sum((s) => s.sent),
      stored: sum((s) => s.stored),
      storedPerSec: sum((s) => s.stored) / seconds,
      duplicates: sum((s) => s.duplicates),
      timeouts: sum((s) => s.timeouts),
      paced: sum((s) => s.paced),
      errors,
      latencyMs: {
        p50: median(rounds.map((r) => r.stats.latencyMs.p50)),
        p99: median(rounds.map((r) => r.stats.latencyMs.p99)),
        max: Math.max(...rounds.map((r) => r.stats.latencyMs.max)),
      },
    },
    cpuPercent,
    machineBusyPercent: weighted(rounds, (r) => r.machineBusyPercent),
    rounds: rounds.map((r) => r.stats.storedPerSec),
  };
}
