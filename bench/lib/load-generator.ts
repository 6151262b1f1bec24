import type { Socket } from 'socket.io-client';
import {
  AckedSeqs,
  ClosedLoopParams,
  ConnectParams,
  ConnectResult,
  KioskCredential,
  LOAD_TIMEOUT_MS,
  Totals,
  WindowStats,
} from './protocol';
import { kioskSocket } from './kiosk-socket';
import { serveRpc } from './ipc';
import { kioskReading } from './reading';
import { LatencyRecorder, sleep } from './stats';

/*
 * The kiosks, in their own process so that their CPU is not charged to the API (both still share
 * the machine's two cores, as the targets demand). Each kiosk is one socket.io-client connection,
 * exactly like a field unit: websocket only, its own Manager (forceNew), no reconnection.
 */

interface Kiosk {
  cred: KioskCredential;
  socket: Socket;
  seq: number;
  /** Client-side token bucket of the closed loop (see loopStart). */
  tokens: number;
  refilledAt: number;
}

interface Reply {
  ok?: boolean;
  duplicate?: boolean;
  error?: { code?: string };
}

const kiosks: Kiosk[] = [];
const totals = { sent: 0, stored: 0, duplicates: 0, timeouts: 0, errors: {} as Record<string, number> };
let inflight = 0;
let window: {
  started: number;
  rec: LatencyRecorder;
  stats: Omit<WindowStats, 'seconds' | 'latencyMs' | 'storedPerSec'>;
} | null = null;
let steadyTimers: NodeJS.Timeout[] = [];
let sending = false;
/**
 * The seq of every reading acknowledged as stored, per kiosk id, once recordAcked was called: the
 * bench then looks each (kiosk, seq) up in the table. Off by default (the ceilings send millions).
 */
let ackedSeqs: Map<number, number[]> | null = null;

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

/** Emits one reading with an ack; `then` runs after the ack (or its timeout). */
function send(k: Kiosk, then?: () => void): void {
  const t0 = process.hrtime.bigint();
  totals.sent++;
  inflight++;
  const w = window;
  if (w) w.stats.sent++;
  const payload = kioskReading(k.cred, ++k.seq);
  const seq = k.seq;
  k.socket.timeout(LOAD_TIMEOUT_MS).emit('kiosk_update', payload, (err: Error | null, reply: Reply) => {
    inflight--;
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    // Only replies that arrive while a window is open count for it, whenever they were sent.
    const cur = window;
    if (err) {
      totals.timeouts++;
      if (cur) cur.stats.timeouts++;
    } else if (reply?.ok) {
      if (ackedSeqs) {
        const seqs = ackedSeqs.get(k.cred.id);
        if (seqs) seqs.push(seq);
        else ackedSeqs.set(k.cred.id, [seq]);
      }
      if (reply.duplicate) {
        totals.duplicates++;
        if (cur) cur.stats.duplicates++;
      } else {
        totals.stored++;
        if (cur) {
          cur.stats.stored++;
          cur.rec.add(ms);
        }
      }
    } else {
      const code = reply?.error?.code ?? 'unknown';
      bump(totals.errors, code);
      if (cur) bump(cur.stats.errors, code);
    }
    then?.();
  });
}

function openWindow(): void {
  window = {
    started: performance.now(),
    rec: new LatencyRecorder(),
    stats: { sent: 0, stored: 0, duplicates: 0, timeouts: 0, paced: 0, errors: {} },
  };
}

function closeWindow(): WindowStats {
  const w = window;
  if (!w) throw new Error('no window open');
  window = null;
  const seconds = (performance.now() - w.started) / 1000;
  return { ...w.stats, seconds, storedPerSec: w.stats.stored / seconds, latencyMs: w.rec.summary() };
}

async function drain(maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (inflight > 0 && Date.now() < deadline) await sleep(20);
}

function connectOne(url: string, cred: KioskCredential): Promise<Kiosk> {
  const socket = kioskSocket(url, cred, { timeout: 20_000 });
  return new Promise<Kiosk>((resolve, reject) => {
    socket.once('connect', () => {
      const k: Kiosk = { cred, socket, seq: 0, tokens: 0, refilledAt: 0 };
      socket
        .timeout(LOAD_TIMEOUT_MS)
        .emitWithAck('kiosk_join', {
          kiosk_id: cred.id,
          serial: cred.serial,
          capabilities: { sensors: ['temperature'], peripherals: ['printer'], features: [] },
          firmware_version: 'bench-1.0.0',
        })
        .then((reply: Reply) =>
          reply?.ok ? resolve(k) : reject(new Error(reply?.error?.code ?? 'join_refused')),
        )
        .catch(() => reject(new Error('join_timeout')));
    });
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  }).catch((e: unknown) => {
    socket.close();
    throw e;
  });
}

async function connect(p: ConnectParams): Promise<ConnectResult> {
  const started = performance.now();
  const failed: Record<string, number> = {};
  const pending: Promise<void>[] = [];
  // Batches every 10 ms keep the rate smooth without one timer per kiosk.
  const perTick = Math.max(1, Math.round(p.ratePerSec / 100));
  for (let i = 0; i < p.kiosks.length; i += perTick) {
    for (const cred of p.kiosks.slice(i, i + perTick)) {
      pending.push(
        connectOne(p.url, cred).then(
          (k) => void kiosks.push(k),
          (e: unknown) => void bump(failed, e instanceof Error ? e.message : String(e)),
        ),
      );
    }
    await sleep(10);
  }
  await Promise.all(pending);
  return { connected: kiosks.length, failed, seconds: (performance.now() - started) / 1000 };
}

/** Every kiosk sends every `intervalSec`, each at its own random phase so the load is smooth. */
function steadyStart({ intervalSec }: { intervalSec: number }): void {
  sending = true;
  const ms = intervalSec * 1000;
  for (const k of kiosks) {
    const first = setTimeout(() => {
      if (!sending) return;
      send(k);
      steadyTimers.push(setInterval(() => sending && send(k), ms));
    }, Math.random() * ms);
    steadyTimers.push(first);
  }
}

async function steadyStop(): Promise<{ inflightLeft: number }> {
  sending = false;
  for (const t of steadyTimers) clearTimeout(t);
  steadyTimers = [];
  await drain(LOAD_TIMEOUT_MS + 2000);
  return { inflightLeft: inflight };
}

let looping = false;

/** The kiosk's client-side token bucket: false when sending now would exceed `pace`. */
function takeToken(k: Kiosk, pace: { perSec: number; burst: number }, now: number): boolean {
  k.tokens = Math.min(pace.burst, k.tokens + ((now - k.refilledAt) / 1000) * pace.perSec);
  k.refilledAt = now;
  if (k.tokens < 1) return false;
  k.tokens -= 1;
  return true;
}

/**
 * Closed loop: `inflight` readings outstanding in total, each ack sending the next one from the
 * next kiosk in turn. Rotating over every connected kiosk (rather than a few sockets × a window)
 * keeps the whole fleet reporting, so the API's liveness sweeper does not mark thousands of
 * kiosks stale in the middle of the measurement, and keeps each kiosk far below the gateway's
 * per-kiosk rate limit. The bench opens and closes the measurement window itself so that its CPU
 * meter covers exactly the same seconds.
 *
 * With `pace`, a kiosk also never exceeds the gateway's rate limit (a token bucket like its own):
 * a `rate_limited` reply is answered at once, so letting them through would measure the refusal
 * path instead of storage. Sends that found no kiosk with a token are counted in `paced`: if that
 * is frequent, the rate limit (kiosks × rate), not the API, is the ceiling.
 */
function loopStart(p: ClosedLoopParams): { connections: number } {
  const pace = p.pace;
  let cursor = 0;
  looping = true;
  const next = (): void => {
    if (!looping) return;
    const now = performance.now();
    for (let tries = 0; tries < kiosks.length; tries++) {
      const k = kiosks[cursor] as Kiosk;
      cursor = (cursor + 1) % kiosks.length;
      if (!pace || takeToken(k, pace, now)) return send(k, next);
    }
    if (window) window.stats.paced++;
    setTimeout(next, 5);
  };
  const now = performance.now();
  for (const k of kiosks) {
    k.tokens = pace?.burst ?? 0;
    k.refilledAt = now;
  }
  for (let i = 0; i < p.inflight; i++) next();
  return { connections: kiosks.length };
}

async function loopStop(): Promise<{ inflightLeft: number }> {
  looping = false;
  await drain(LOAD_TIMEOUT_MS + 2000);
  return { inflightLeft: inflight };
}

function getTotals(): Totals {
  const cpu = process.cpuUsage();
  return { ...totals, inflight, cpuSec: (cpu.user + cpu.system) / 1e6 };
}

async function disconnect(): Promise<void> {
  for (const k of kiosks.splice(0)) k.socket.disconnect();
  await sleep(200);
}

serveRpc({
  connect: (p) => connect(p as ConnectParams),
  steadyStart: (p) => steadyStart(p as { intervalSec: number }),
  windowStart: () => openWindow(),
  windowStop: () => closeWindow(),
  steadyStop: () => steadyStop(),
  loopStart: (p) => loopStart(p as ClosedLoopParams),
  loopStop: () => loopStop(),
  totals: () => getTotals(),
  recordAcked: () => void (ackedSeqs = new Map()),
  acked: (): AckedSeqs[] => [...(ackedSeqs ?? [])].map(([kioskId, seqs]) => ({ kioskId, seqs })),
  disconnect: () => disconnect(),
});
