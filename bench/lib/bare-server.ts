import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { serveRpc } from './ipc';

/*
 * The transport ceiling: a plain socket.io v4 server on the API's namespace with the API's engine
 * settings (see apps/api/src/realtime/realtime-io.adapter.ts), which accepts any credentials and
 * acknowledges every message without looking at it. socket.io still JSON-parses every packet, so
 * this is the cost of the wire alone: what the API does beyond it is validation and storage.
 */

const http = createServer();
const io = new Server(http, {
  perMessageDeflate: false,
  maxHttpBufferSize: 1_000_000,
  pingInterval: 10_000,
  pingTimeout: 10_000,
  connectTimeout: 10_000,
});

type Ack = (reply: unknown) => void;

io.of('/kiosks').on('connection', (socket) => {
  socket.on('kiosk_join', (_payload: unknown, ack?: Ack) =>
    ack?.({ ok: true, kiosk_id: 1, server_time: new Date().toISOString(), telemetry_interval_sec: 5 }),
  );
  socket.on('kiosk_update', (_payload: unknown, ack?: Ack) => ack?.({ ok: true }));
});

serveRpc({
  listen: () =>
    new Promise<number>((resolve) => {
      http.listen(0, '127.0.0.1', () => resolve((http.address() as AddressInfo).port));
    }),
});

process.once('SIGTERM', () => {
  void io.close();
  process.exit(0);
});
