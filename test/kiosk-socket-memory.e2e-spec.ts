import type { IncomingMessage, Server } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Socket } from 'socket.io-client';
import { connectKiosk, emitWithAck, kioskUpdate, RegisteredKiosk, registerKiosk } from './support/kiosks';
import { startTestApp, TestApp } from './support/test-app';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * What a connected kiosk costs the API is what ten thousand of them cost times ten thousand. The
 * WebSocket upgrade request (headers, raw headers, parser state) is needed only for the handshake;
 * Engine.IO keeps references to it for the connection's life unless they are released.
 */
describe('kiosk sockets: nothing of the handshake outlives it', () => {
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
});
