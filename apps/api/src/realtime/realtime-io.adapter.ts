import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-adapter';
import type Redis from 'ioredis';
import { filter, type Observable } from 'rxjs';
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
/** The socket type of the socket.io copy Nest's adapter is built on (it pins its own patch version). */
type NestSocket = Parameters<IoAdapter['bindMessageHandlers']>[0];

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
   * Nest's own binding builds an rxjs pipeline and subscription per socket per message handler
   * (plus a shared disconnect stream): several KB for every idle kiosk, a third of the per-connection
   * memory at 10,000 kiosks. Plain listeners do the same work per message instead: map the payload,
   * run the handler through Nest's pipes/guards/filters (`transform`), and answer like Nest does
   * (`{event, data}` → emit; anything else → the ack, unless the handler acks itself). A response
   * after disconnect goes nowhere, as socket.io drops packets for closed sockets.
   */
  override bindMessageHandlers(
    socket: NestSocket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message as string, (...payload: unknown[]) => {
        const { data, ack } = this.mapPayload(payload) as { data: unknown; ack?: (r: unknown) => void };
        transform(callback(data, ack))
          .pipe(filter((response) => response !== null && response !== undefined))
          .subscribe((response) => {
            const { event, data: emitted } = response as { event?: string; data?: unknown };
            if (event) socket.emit(event, emitted);
            else if (!isAckHandledManually && typeof ack === 'function') ack(response);
          });
      });
    }
  }

  /** After the servers closed (their adapters unsubscribed): the adapter's connections. */
  override async dispose(): Promise<void> {
    await super.dispose();
    const clients = this.clients;
    this.clients = [];
    await Promise.all(clients.map((c) => closeSocketIoRedisClient(c)));
  }
}
