import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { inBatchesOf50, kioskSocket, successAck } from './kiosk-socket';
import { serveRpc } from './ipc';
import type { KioskCredential } from './protocol';
import { sensorValues } from './reading';

/**
 * Child process for bench:adapters: the kiosks of one API instance. Each connects and joins, notes
 * when every `kiosk_command` arrives (then acks it `success`, so nothing stays pending), and on
 * request reports every `intervalSec` (staggered over the interval, like a fleet), noting when each
 * reading's ack arrived, keyed by kiosk and reading timestamp as the admin feed shows them.
 */
const sockets: Array<{ socket: Socket; kiosk: KioskCredential }> = [];
const commandAt = new Map<string, number>();
const ackAt = new Map<string, number>();
let reporting: NodeJS.Timeout[] = [];
let refused = 0;
const now = () => performance.timeOrigin + performance.now();

function reading(seq: number, timestamp: string) {
  return { timestamp, seq, ...sensorValues() };
}

function connectAll(url: string, kiosks: KioskCredential[]): Promise<number> {
  let connected = 0;
  const perSocket = (k: KioskCredential) =>
    new Promise<void>((resolve) => {
      const s = kioskSocket(url, k);
      s.on('kiosk_command', (c: { command_id: string; command: string }) => {
        commandAt.set(c.command_id, now());
        s.emit('kiosk_command_ack', successAck(c, k.id));
      });
      s.once('connect', () => {
        s.timeout(30_000).emit('kiosk_join', {}, (err: Error | null) => {
          if (!err) {
            connected++;
            sockets.push({ socket: s, kiosk: k });
          }
          resolve();
        });
      });
      s.once('connect_error', () => resolve());
    });
  // 500 connections per second per process, as bench:commands: a reconnect storm is another bench.
  return inBatchesOf50(kiosks, perSocket, 100).then(() => connected);
}

function startReporting(intervalSec: number): number {
  const periodMs = intervalSec * 1000;
  sockets.forEach(({ socket, kiosk }, i) => {
    let seq = 0;
    const send = () => {
      const timestamp = new Date().toISOString();
      socket
        .timeout(10_000)
        .emit('kiosk_update', reading(++seq, timestamp), (err: Error | null, ack?: unknown) => {
          if (!err && (ack as { ok?: boolean } | undefined)?.ok === true)
            ackAt.set(`${kiosk.id}|${timestamp}`, now());
          else refused++;
        });
    };
    const start = setTimeout(
      () => {
        send();
        reporting.push(setInterval(send, periodMs));
      },
      Math.floor((i / sockets.length) * periodMs),
    );
    reporting.push(start);
  });
  return sockets.length;
}

serveRpc({
  connect: (p) => {
    const { url, kiosks } = p as { url: string; kiosks: KioskCredential[] };
    return connectAll(url, kiosks);
  },
  startReporting: (p) => startReporting((p as { intervalSec: number }).intervalSec),
  stopReporting: () => {
    for (const t of reporting) clearTimeout(t);
    reporting = [];
    const acks = [...ackAt];
    ackAt.clear();
    const r = { acks, refused };
    refused = 0;
    return r;
  },
  commandCount: () => commandAt.size,
  takeCommands: () => {
    const out = [...commandAt];
    commandAt.clear();
    return out;
  },
  close: () => {
    for (const { socket } of sockets) socket.close();
    sockets.length = 0;
    return true;
  },
});
