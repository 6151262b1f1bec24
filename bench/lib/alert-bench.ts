import { ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { io, Socket } from 'socket.io-client';
import { apiEntry, BENCH_API_ENV } from './api-process';
import { trackChild } from './ipc';
import { sensorValues } from './reading';

/*
 * What bench/alerts.ts needs besides the shared bench helpers: the API started from dist/ or from
 * source, its REST routes and sockets, the extra rules, the probe readings, the server's histogram.
 */

const ROOT = join(__dirname, '..', '..');
export const PROBE_TAG = 'bench-probe';

export interface RaiseHistogram {
  count: number;
  /** Upper bound of the bucket holding the 99th percentile (ms), and of the median. */
  p99UpperMs: number;
  p50UpperMs: number;
  /** Share of alerts raised within 200 ms. */
  within200: number;
}

/** Reads alert_raise_latency_seconds from /metrics (cumulative buckets). */
export async function raiseHistogram(baseUrl: string): Promise<RaiseHistogram> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const buckets: [number, number][] = [];
  for (const m of text.matchAll(/^alert_raise_latency_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)) {
    buckets.push([m[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[1]) * 1000, Number(m[2])]);
  }
  const count = buckets.length ? buckets[buckets.length - 1][1] : 0;
  const upper = (q: number) => buckets.find(([, n]) => n >= q * count)?.[0] ?? Number.NaN;
  const at200 = buckets.find(([le]) => le === 200)?.[1] ?? Number.NaN;
  return {
    count,
    p99UpperMs: upper(0.99),
    p50UpperMs: upper(0.5),
    within200: count ? at200 / count : Number.NaN,
  };
}

/** The API as production runs it (from dist/, or through ts-node with `fromSource`). */
export function startApi(fromSource: boolean, env: Record<string, string>, logFile: string): ChildProcess {
  const log = openSync(logFile, 'a');
  const entry = apiEntry(fromSource);
  // BENCH_API_NODE_ARGS, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof' (see bench/lib/cpu-profile-summary.ts).
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: ROOT,
    stdio: ['ignore', log, log],
    env: {
      PATH: process.env.PATH,
      TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
      ...BENCH_API_ENV,
      ...env,
    },
  });
  trackChild(child);
  return child;
}

export async function api<T>(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export function connectSocket(url: string, auth: Record<string, string>): Promise<Socket> {
  const socket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
}

export const reading = (seq: number, cpuTemp: number) => {
  const values = sensorValues();
  return {
    timestamp: new Date().toISOString(),
    seq,
    ...values,
    hardware: { ...values.hardware, cpu_temp: cpuTemp },
  };
};

/** Rules beyond the seeded ones, so each reading meets a realistic set (groups, durations, scopes). */
export const EXTRA_RULES = [
  {
    name: 'Network degraded',
    severity: 'warning',
    scope: { kind: 'all' },
    condition: {
      any: [
        { field: 'network.latency', op: '>', value: 2000 },
        { field: 'network.signal_strength', op: '<', value: -110 },
      ],
    },
    forSeconds: 120,
  },
  {
    name: 'Humid cabinet',
    severity: 'info',
    scope: { kind: 'all' },
    condition: { field: 'environmental.humidity', op: '>', value: 90 },
    forSeconds: 300,
  },
  {
    name: 'Overloaded',
    severity: 'warning',
    scope: { kind: 'all' },
    condition: {
      all: [
        { field: 'hardware.cpu_usage', op: '>', value: 95 },
        { field: 'hardware.ram_usage', op: '>', value: 95 },
      ],
    },
    forSeconds: 60,
  },
  {
    name: 'Bench probe',
    severity: 'info',
    scope: { kind: 'tag', value: PROBE_TAG },
    condition: { field: 'hardware.cpu_temp', op: '>', value: 110 },
    forSeconds: 0,
  },
];
