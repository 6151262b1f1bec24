import type { Socket } from 'socket.io-client';
import { kioskSocket } from './kiosk-socket';
import { serveRpc } from './ipc';
import type { ConnectResult, KioskCredential } from './protocol';
import { kioskReading } from './reading';
import { RolloutKiosksParams, RolloutTally, RolloutWindowStats, failsUpdate } from './rollout-protocol';
import { LatencyRecorder, sleep } from './stats';

/*
 * Child process of bench:rollout: N kiosks as field units run them during a firmware rollout, each
 * on its own socket.io-client connection (websocket, forceNew, no automatic reconnection).
 *
 * - Telemetry every interval (random phase), each reading timed from emit to the server's ack; the
 *   bench opens named windows (quiet, rollout) and reads the latency of each.
 * - `update`: `processing` at once, then after the install time `error` for a fixed share of kiosks
 *   (decided by serial, so a rerun fails the same ones) or `success`, then a reboot: the socket
 *   closes once the server confirmed the ack, stays dark, reconnects and rejoins reporting
 *   `firmware_version = params.version` (CONTRACT §8: what makes the kiosk count as updated).
 * - Every `kiosk_command` delivery is counted per kiosk by `command_id`, so the bench can say how
 *   many kiosks were commanded twice: the same id delivered again, or a second update command. A
 *   repeated id gets the final ack again, as a field unit answers a re-delivery, and is not re-run.
 */

interface Reply {
  ok?: boolean;
  error?: { code?: string };
}

interface Command {
  command_id: string | number;
  command: string;
  params?: { version?: unknown } | null;
}

interface SimKiosk {
  cred: KioskCredential;
  socket: Socket;
  version: string;
  seq: number;
  online: boolean;
  /** command_id → deliveries, and the final ack sent for it (null while it runs). */
  commands: Map<string, { deliveries: number; final: 'success' | 'error' | null }>;
  updates: number;
  timer: NodeJS.Timeout | null;
}

const ACK_TIMEOUT_MS = 10_000;
const kiosks: SimKiosk[] = [];
const tally = {
  repeatedDeliveries: 0,
  acksSucceeded: 0,
  acksFailed: 0,
  rejoinedOnNewVersion: 0,
  firstCommandAt: null as number | null,
  lastCommandAt: null as number | null,
  ackErrors: {} as Record<string, number>,
  receivedAt: [] as number[],
};
let params: RolloutKiosksParams | null = null;
let window: {
  started: number;
  rec: LatencyRecorder;
  errors: Record<string, number>;
} | null = null;

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

// Where registerKiosks put them: a kiosk at its site raises no location_drift alert.
const AT_SITE = { lat: -34.6, lng: -58.38, accuracy: 4.2 };

function sendReading(k: SimKiosk): void {
  if (!k.online) return;
  const t0 = process.hrtime.bigint();
  const w = window;
  const payload = kioskReading(k.cred, ++k.seq, AT_SITE);
  k.socket.timeout(ACK_TIMEOUT_MS).emit('kiosk_update', payload, (err: Error | null, reply: Reply) => {
    // Only readings sent and answered inside the same window count for it.
    if (w === null || w !== window) return;
    // A reboot closes the socket under readings in flight: lost by the kiosk, not slow on the server.
    if (err) bump(w.errors, err.message.includes('disconnected') ? 'lost_to_reboot' : 'timeout');
    else if (reply?.ok) w.rec.add(Number(process.hrtime.bigint() - t0) / 1e6);
    else bump(w.errors, reply?.error?.code ?? 'unknown');
  });
}

function join(k: SimKiosk): Promise<boolean> {
  return new Promise((resolve) => {
    k.socket.timeout(ACK_TIMEOUT_MS).emit(
      'kiosk_join',
      {
        kiosk_id: k.cred.id,
        serial: k.cred.serial,
        capabilities: { sensors: ['temperature'], peripherals: ['printer'], features: ['firmware_update'] },
        firmware_version: k.version,
      },
      (err: Error | null, reply: Reply) => resolve(!err && reply?.ok === true),
    );
  });
}

function ack(k: SimKiosk, c: Command, status: 'processing' | 'success' | 'error', error?: string) {
  return new Promise<boolean>((resolve) => {
    const payload: Record<string, unknown> = {
      command_id: c.command_id,
      kiosk_id: k.cred.id,
      command: c.command,
      status,
      timestamp: new Date().toISOString(),
    };
    if (error) payload.error = error;
    k.socket.timeout(ACK_TIMEOUT_MS).emit('kiosk_command_ack', payload, (err: Error | null, reply: Reply) => {
      if (err) bump(tally.ackErrors, 'timeout');
      else if (!reply?.ok) bump(tally.ackErrors, reply?.error?.code ?? 'unknown');
      resolve(!err && reply?.ok === true);
    });
  });
}

const REJOIN_ATTEMPTS = 12;

/** Reboot into the new image: dark for rebootMs, then reconnect and rejoin on `version`. */
async function reboot(k: SimKiosk, version: string, p: RolloutKiosksParams): Promise<void> {
  k.online = false;
  k.socket.disconnect();
  await sleep(p.rebootMs);
  k.version = version;
  // As a real unit does: it keeps trying, backing off, until it is back (2,000 kiosks of a wave
  // reboot within seconds, and a handshake may time out or be told to slow down in that crowd).
  for (let attempt = 0; attempt < REJOIN_ATTEMPTS; attempt++) {
    const error = await new Promise<string | null>((resolve) => {
      k.socket.once('connect', () => resolve(null));
      k.socket.once('connect_error', (e: Error) => resolve(e.message));
      k.socket.connect();
    });
    if (error === null && (await join(k))) {
      k.online = true;
      tally.rejoinedOnNewVersion++;
      return;
    }
    bump(tally.ackErrors, `rejoin_retry:${error ?? 'join refused'}`);
    k.socket.disconnect();
    await sleep(Math.min(10_000, 500 * 2 ** attempt) * (0.5 + Math.random()));
  }
  bump(tally.ackErrors, 'rejoin_failed');
}

async function onCommand(k: SimKiosk, c: Command, p: RolloutKiosksParams): Promise<void> {
  const id = String(c.command_id);
  const now = Date.now();
  const seen = k.commands.get(id);
  if (seen) {
    seen.deliveries++;
    tally.repeatedDeliveries++;
    if (seen.final) await ack(k, c, seen.final);
    return;
  }
  if (c.command !== 'update') return void (await ack(k, c, 'error', `unsupported command "${c.command}"`));
  tally.firstCommandAt ??= now;
  tally.lastCommandAt = now;
  tally.receivedAt.push(now);
  const state = { deliveries: 1, final: null as 'success' | 'error' | null };
  k.commands.set(id, state);
  k.updates++;
  await ack(k, c, 'processing');
  await sleep(p.installMs);
  const version = typeof c.params?.version === 'string' ? c.params.version : null;
  if (version === null || failsUpdate(k.cred.serial, p.failureRate)) {
    state.final = 'error';
    tally.acksFailed++;
    await ack(
      k,
      c,
      'error',
      version === null ? 'params.version missing' : 'firmware image checksum mismatch',
    );
    return;
  }
  state.final = 'success';
  tally.acksSucceeded++;
  // The unit reboots once the server has the success ack; an unconfirmed ack is resent on rejoin.
  const confirmed = await ack(k, c, 'success');
  await reboot(k, version, p);
  if (!confirmed) await ack(k, c, 'success');
}

function connectOne(cred: KioskCredential, p: RolloutKiosksParams, failed: Record<string, number>) {
  return new Promise<void>((resolve) => {
    const socket = kioskSocket(p.url, cred);
    const k: SimKiosk = {
      cred,
      socket,
      version: p.firmwareVersion,
      seq: 0,
      online: false,
      commands: new Map(),
      updates: 0,
      timer: null,
    };
    socket.on('kiosk_command', (c: Command) => void onCommand(k, c, p));
    socket.once('connect', () => {
      void join(k).then((ok) => {
        if (!ok) bump(failed, 'join');
        else {
          kiosks.push(k);
          k.online = true;
          // Random phase, so the fleet's readings spread over the interval as a real fleet's do.
          const start = setTimeout(
            () => {
              sendReading(k);
              k.timer = setInterval(() => sendReading(k), p.intervalSec * 1000);
            },
            Math.random() * p.intervalSec * 1000,
          );
          k.timer = start;
        }
        resolve();
      });
    });
    socket.once('connect_error', (e: Error) => {
      bump(failed, e.message);
      resolve();
    });
  });
}

async function connectAll(p: RolloutKiosksParams): Promise<ConnectResult> {
  params = p;
  const failed: Record<string, number> = {};
  const t0 = Date.now();
  const step = Math.max(1, Math.round(p.ratePerSec / 10));
  for (let i = 0; i < p.kiosks.length; i += step) {
    const due = t0 + (i / p.ratePerSec) * 1000;
    if (due > Date.now()) await sleep(due - Date.now());
    await Promise.all(p.kiosks.slice(i, i + step).map((c) => connectOne(c, p, failed)));
  }
  return { connected: kiosks.length, failed, seconds: (Date.now() - t0) / 1000 };
}

function windowStop(): RolloutWindowStats {
  const w = window;
  if (w === null) throw new Error('no window open');
  window = null;
  return {
    seconds: (Date.now() - w.started) / 1000,
    acked: w.rec.count,
    timeouts: w.errors.timeout ?? 0,
    errors: w.errors,
    latencyMs: w.rec.summary(),
  };
}

function results(): RolloutTally {
  let commanded = 0;
  let twice = 0;
  let commands = 0;
  for (const k of kiosks) {
    if (k.updates > 0) commanded++;
    commands += k.updates;
    const repeated = [...k.commands.values()].some((c) => c.deliveries > 1);
    if (k.updates > 1 || repeated) twice++;
  }
  return { ...tally, kiosksCommanded: commanded, commands, kiosksCommandedTwice: twice };
}

serveRpc({
  connect: (p) => connectAll(p as RolloutKiosksParams),
  windowStart: () => {
    window = { started: Date.now(), rec: new LatencyRecorder(), errors: {} };
    return true;
  },
  windowStop: () => windowStop(),
  results: () => results(),
  close: () => {
    for (const k of kiosks) {
      if (k.timer) clearInterval(k.timer);
      k.online = false;
      k.socket.close();
    }
    kiosks.length = 0;
    return params !== null;
  },
});
