import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { inBatchesOf50, kioskSocket, successAck } from './kiosk-socket';
import { serveRpc } from './ipc';
import type { KioskCredential } from './protocol';

/**
 * Child process for bench:commands: N kiosk connections that answer every `kiosk_command` at once
 * with a `success` ack, and note when the server confirmed that ack (the command is then stored as
 * `succeeded`). Also serves as the client side of the bare socket.io baseline.
 */
const sockets: Socket[] = [];
const doneAt = new Map<string, number>();
const now = () => performance.timeOrigin + performance.now();

function connectAll(url: string, kiosks: KioskCredential[], bare: boolean): Promise<number> {
  let connected = 0;
  const perSocket = (k: KioskCredential) =>
    new Promise<void>((resolve) => {
      const s = kioskSocket(url, k);
      sockets.push(s);
      s.on('kiosk_command', (c: { command_id: string; command: string }, reply?: (a: unknown) => void) => {
        if (bare) return reply?.({ ok: true });
        s.timeout(10_000).emit('kiosk_command_ack', successAck(c, k.id), (err: Error | null) => {
          if (!err) doneAt.set(c.command_id, now());
        });
      });
      s.once('connect', () => {
        connected++;
        if (bare) return resolve();
        s.timeout(10_000).emit('kiosk_join', {}, () => resolve());
      });
      s.once('connect_error', () => resolve());
    });
  // 500 connections per second: a fleet reconnecting all at once is a different benchmark.
  return inBatchesOf50(kiosks, perSocket, 100).then(() => connected);
}

serveRpc({
  connect: (p) => {
    const { url, kiosks, bare } = p as { url: string; kiosks: KioskCredential[]; bare: boolean };
    return connectAll(url, kiosks, bare);
  },
  results: () => Object.fromEntries(doneAt),
  close: () => {
    for (const s of sockets) s.close();
    sockets.length = 0;
    doneAt.clear();
    return true;
  },
});
