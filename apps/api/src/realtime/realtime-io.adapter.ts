import { ServerResponse } from 'node:http';
import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import { createAdapter } from '@socket.io/redis-adapter';
import type Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '@app/core';
import { closeSocketIoRedisClient, socketIoKey, socketIoRedisClient } from '@app/platform';

/**
 * Socket.IO server settings for thousands of kiosks: no per-message deflate (CPU for little gain on
 * small JSON), websocket transport preferred, and an engine buffer larger than the wire's message
 * limit so an oversized message is answered with `payload_too_large` instead of a dropped socket.
 *
 * Every namespace uses the Redis adapter, so broadcasts and room operations (`to(room).emit`,
 * `in(room).disconnectSockets()`, `socketsJoin`) reach sockets on every API instance. What must stay
 * on this instance says so (`nsp.local`, `nsp.adapter.rooms`).
 */
export class RealtimeIoAdapter extends IoAdapter {
  private clients: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      perMessageDeflate: false,
      maxHttpBufferSize: Math.max(1_000_000, this.config.kioskWire.maxMessageBytes * 8),
      pingInterval: 10_000,
      pingTimeout: 10_000,
      connectTimeout: 10_000,
    }) as Server;
    // Engine.IO keeps each session's upgrade request (headers, raw headers, parser state: ~2 KB a
    // kiosk) for its whole life. Nothing here reads it after the handshake: auth comes from the
    // handshake's `auth`, the address from the connection (socket.io's memory-usage guide).
    server.engine.on('connection', (raw: { request: unknown }) => {
      raw.request = null;
    });
    // The same request also stays reachable through the stand-in response Engine.IO makes for a
    // WebSocket upgrade (a socket 'close' listener holds it for the connection's life: ~1.3 KB a
    // kiosk). The response only serves handshake middlewares, and this is the last (and only) one.
    server.engine.use((_req: unknown, res: unknown, next: (err?: Error) => void) => {
      if (!(res instanceof ServerResponse)) (res as { req: unknown }).req = null;
      next();
    });
    // Made here, not in the constructor: building the app without starting it (the OpenAPI writer)
    // must not open connections. Before any namespace exists, so each one gets this adapter.
    // The key is the worker emitter's too, and keeps deployments sharing a Redis apart.
    const pub = socketIoRedisClient(this.config.redis.url, 'socket.io pub');
    const sub = socketIoRedisClient(this.config.redis.url, 'socket.io sub');
    this.clients.push(pub, sub);
    server.adapter(createAdapter(pub, sub, { key: socketIoKey(this.config) }));
    return server;
  }

  /**
   * Nest builds an RxJS "disconnect" stream per socket (~1.2 KB a kiosk, kept until the socket
   * goes) even for a gateway without @SubscribeMessage handlers. The kiosk gateway registers its
   * listeners itself, so its sockets need none of it.
   */
  override bindMessageHandlers(
    socket: Parameters<IoAdapter['bindMessageHandlers']>[0],
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    if (handlers.length > 0) super.bindMessageHandlers(socket, handlers, transform);
  }

  /** After the servers closed (their adapters unsubscribed): the adapter's connections. */
  override async dispose(): Promise<void> {
    await super.dispose();
    const clients = this.clients;
    this.clients = [];
    await Promise.all(clients.map((c) => closeSocketIoRedisClient(c)));
  }
}
