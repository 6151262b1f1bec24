import type { IncomingMessage, Server } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Namespace } from 'socket.io';
import { Socket } from 'socket.io-client';
import { KioskGateway } from '../apps/api/src/realtime/kiosk/kiosk.gateway';
import { connectKiosk, emitWithAck, kioskUpdate, RegisteredKiosk, registerKiosk } from './support/kiosks';
import { startTestApp, TestApp } from './support/test-app';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * What a connected kiosk costs the API is what ten thousand of them cost times ten thousand. The
 * WebSocket upgrade request (headers, raw headers, parser state) is needed only for the handshake;
 * Engine.IO keeps references to it for the connection's life unless they are released. And what
 * the transport drops after each message must not keep the message's objects reachable.
 */
describe('kiosk sockets: the transport keeps nothing it no longer needs', () => {
  let t: TestApp;
  let k: RegisteredKiosk;
  let socket: Socket | undefined;

  beforeAll(async () => {
    t = await startTestApp();
    k = await registerKiosk(t, { serial: 'MEM-KIOSK-001' });
  });
  afterAll(async () => {
    socket?.close();
    await t.close();
  });

  it('lets the upgrade request be collected while the kiosk stays connected and reporting', async () => {
    const server = t.app.getHttpServer() as Server;
    let request: WeakRef<IncomingMessage> | undefined;
    const capture = (req: IncomingMessage) => {
      request = new WeakRef(req);
    };
    server.prependListener('upgrade', capture);
    try {
      socket = await connectKiosk(t, k);
    } finally {
      server.off('upgrade', capture);
    }
    expect(request).toBeDefined();
    const joined = await emitWithAck<{ ok: boolean }>(socket, 'kiosk_join', {
      kiosk_id: k.id,
      serial: k.serial,
      capabilities: {},
    });
    expect(joined.ok).toBe(true);
    expect(await emitWithAck(socket, 'kiosk_update', kioskUpdate(1))).toEqual({ ok: true });

    // A WeakRef's target survives the job that created it: collect from a later macrotask.
    await new Promise((resolve) => setTimeout(resolve, 10));
    gc();
    expect(request?.deref()).toBeUndefined();
    expect(socket.connected).toBe(true);
    expect(await emitWithAck(socket, 'kiosk_update', kioskUpdate(2))).toEqual({ ok: true });
  });

  it('empties the write buffer Engine.IO drops after each flush, once its packets are sent', async () => {
    // Engine.IO's own server events: the buffer it flushes, and the moment it was handed to the transport.
    const engine = (t.app.get(KioskGateway) as unknown as { nsp: Namespace }).nsp.server.engine;
    const flushed: { buffer: unknown[]; packets: number }[] = [];
    const capture = (_socket: unknown, buffer: unknown[]) => flushed.push({ buffer, packets: buffer.length });
    engine.on('flush', capture);
    try {
      socket ??= await connectKiosk(t, k);
      expect(await emitWithAck(socket, 'kiosk_update', kioskUpdate(3))).toEqual({ ok: true });
      expect(await emitWithAck(socket, 'kiosk_update', kioskUpdate(4))).toEqual({ ok: true });
    } finally {
      engine.off('flush', capture);
    }
    // Both acks went out through a flush, and nothing the kiosk was sent is still held by its buffer.
    expect(flushed.length).toBeGreaterThanOrEqual(2);
    expect(flushed.every((f) => f.packets > 0)).toBe(true);
    expect(flushed.map((f) => f.buffer.length)).toEqual(flushed.map(() => 0));
  });
});
