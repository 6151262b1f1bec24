import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Server, Socket } from 'socket.io';
import { serveRpc } from './ipc';

/**
 * The transport ceiling for commands: a plain socket.io server that emits `kiosk_command` with
 * emitWithAck to connected clients at a fixed rate and times the round trip. No database, no auth.
 */
const http = createServer();
const ioServer = new Server(http, { perMessageDeflate: false, transports: ['websocket'] });
const clients: Socket[] = [];
ioServer.of('/kiosks').on('connection', (s) => {
  clients.push(s);
  s.on('disconnect', () => clients.splice(clients.indexOf(s), 1));
});

serveRpc({
  listen: () =>
    new Promise<number>((resolve) =>
      http.listen(0, '127.0.0.1', () => resolve((http.address() as { port: number }).port)),
    ),
  run: async (p) => {
    const { rate, seconds } = p as { rate: number; seconds: number };
    const rtts: number[] = [];
    const total = Math.round(rate * seconds);
    const started = performance.now();
    const pending: Array<Promise<void>> = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const s = clients[i % clients.length];
      if (!s) break;
      const t0 = performance.now();
      pending.push(
        s
          .timeout(10_000)
          .emitWithAck('kiosk_command', { command_id: String(i), command: 'restart', params: {} })
          .then(() => void rtts.push(performance.now() - t0))
          .catch(() => undefined),
      );
    }
    await Promise.all(pending);
    return rtts;
  },
});
