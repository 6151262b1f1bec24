import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { inBatchesOf50, kioskSocket } from './kiosk-socket';
import { serveRpc } from './ipc';
import type { KioskCredential } from './protocol';

/**
 * Child process for bench:payments: N joined kiosk connections that send `kiosk_payment` sales at
 * a fixed total rate, round robin, and time each ack from the moment the sale was due (so a stalled
 * server is charged for the sales it delayed: no coordinated omission).
 */
const sockets: Socket[] = [];
const now = () => performance.now();

function connectAll(url: string, kiosks: KioskCredential[]): Promise<number> {
  let joined = 0;
  const one = (k: KioskCredential) =>
    new Promise<void>((resolve) => {
      const s = kioskSocket(url, k);
      s.once('connect', () =>
        s.timeout(10_000).emit('kiosk_join', {}, (err: Error | null) => {
          if (!err) {
            joined++;
            sockets.push(s);
          }
          resolve();
        }),
      );
      s.once('connect_error', () => resolve());
    });
  return inBatchesOf50(kiosks, one).then(() => joined);
}

interface RunResult {
  sent: number;
  acked: number;
  duplicates: number;
  errors: Record<string, number>;
  latenciesMs: number[];
  elapsedSec: number;
}

const AMOUNTS = ['1.00', '2.50', '12.99', '7.10', '100.00', '0.99'];
const METHODS = ['cash', 'card', 'qr'];

function run(rate: number, seconds: number, runId: string): Promise<RunResult> {
  const total = Math.round(rate * seconds);
  const r: RunResult = { sent: 0, acked: 0, duplicates: 0, errors: {}, latenciesMs: [], elapsedSec: 0 };
  const start = now();
  let answered = 0;
  return new Promise((resolve) => {
    const finish = () => {
      r.elapsedSec = (now() - start) / 1000;
      resolve(r);
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((now() - start) / 1000) * rate));
      for (; r.sent < due; r.sent++) {
        const i = r.sent;
        const dueAt = start + (i * 1000) / rate;
        const s = sockets[i % sockets.length] as Socket;
        s.timeout(30_000).emit(
          'kiosk_payment',
          {
            transaction_id: `${runId}-${i}`,
            amount: AMOUNTS[i % AMOUNTS.length],
            currency: 'USD',
            method: METHODS[i % METHODS.length],
            status: 'completed',
            timestamp: new Date().toISOString(),
          },
          (err: Error | null, ack?: { ok: boolean; duplicate?: boolean; error?: { code: string } }) => {
            answered++;
            if (err) r.errors.timeout = (r.errors.timeout ?? 0) + 1;
            else if (ack?.ok) {
              r.acked++;
              if (ack.duplicate) r.duplicates++;
              r.latenciesMs.push(now() - dueAt);
            } else {
              const code = ack?.error?.code ?? 'unknown';
              r.errors[code] = (r.errors[code] ?? 0) + 1;
            }
            if (answered === total) finish();
          },
        );
      }
      if (r.sent < total) setTimeout(tick, 2);
    };
    tick();
  });
}

serveRpc({
  connect: (p) => {
    const { url, kiosks } = p as { url: string; kiosks: KioskCredential[] };
    return connectAll(url, kiosks);
  },
  run: (p) => {
    const { rate, seconds, runId } = p as { rate: number; seconds: number; runId: string };
    return run(rate, seconds, runId);
  },
  close: () => {
    for (const s of sockets) s.close();
    sockets.length = 0;
    return true;
  },
});
