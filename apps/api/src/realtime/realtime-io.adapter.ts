import { ServerResponse } from 'node:http';
import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import type Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '@app/core';
import {
  closeSocketIoRedisClient,
  SHARDED_SUBSCRIPTION_MODE,
  socketIoKey,
  socketIoRedisClient,
} from '@app/platform';
import { boundedSocketIoParser } from './bounded-packet-decoder';
import { KioskWireMetrics } from './kiosk/kiosk-wire-metrics';

/** Engine.IO's buffer, in messages of the wire's limit: see RealtimeIoAdapter. */
export const ENGINE_BUFFER_MESSAGES = 8;

/**
 * Socket.IO server settings for thousands of kiosks: no per-message deflate (CPU for little gain on
 * small JSON), websocket transport preferred, and every packet measured whole by the decoder (see
 * bounded-packet-decoder.ts): over `maxMessageBytes`, or carrying binary attachments, its handler gets
 * a `RefusedPacket` instead of its arguments.
 *
 * Engine.IO's own bound (`maxHttpBufferSize`: one WebSocket frame, or one long-polling POST) is
 * `ENGINE_BUFFER_MESSAGES` times the message limit (128 KB by default), down from 1 MB. Between the
 * two limits a message is answered `payload_too_large` and the socket stays up (a firmware that
 * attaches a log by mistake learns why); beyond, the transport is closed (WebSocket close 1009 from
 * the frame header alone; HTTP 413 once a POST passes it) and nothing is parsed. A POST may batch
 * several packets, but socket.io clients split their batches at this bound (the handshake's
 * `maxPayload`), so a well-behaved kiosk's batch of reading-sized messages never reaches it.
 *
 * The root namespace `/` serves nothing and refuses every connection (CONTRACT.md §8).
 *
 * Every namespace uses the Redis adapter, so broadcasts and room operations (`to(room).emit`,
 * `in(room).disconnectSockets()`, `socketsJoin`, `serverSideEmit`) reach sockets on every API
 * instance. What must stay on this instance says so (`nsp.local`, `nsp.adapter.rooms`). Which
 * adapter is SOCKET_IO_ADAPTER's: `classic` (PUBLISH, one pattern subscription per namespace) or
 * `sharded` (SPUBLISH/SSUBSCRIBE, Redis >= 7: SocketIoAdapterCheck refuses older servers).
 */
export class RealtimeIoAdapter extends IoAdapter {
  private clients: Redis[] = [];

  constructor(
    private readonly nest: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(nest);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      perMessageDeflate: false,
      maxHttpBufferSize: this.config.kioskWire.maxMessageBytes * ENGINE_BUFFER_MESSAGES,
      parser: boundedSocketIoParser(this.config.kioskWire.maxMessageBytes),
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
    const key = socketIoKey(this.config);
    server.adapter(
      this.config.redis.socketIoAdapter === 'sharded'
        ? createShardedAdapter(pub, sub, { channelPrefix: key, subscriptionMode: SHARDED_SUBSCRIPTION_MODE })
        : createAdapter(pub, sub, { key }),
    );
    const metrics = this.nest.get(KioskWireMetrics, { strict: false });
    server.of('/').use((_socket, next) => {
      metrics.rootConnectionsRefused.inc();
      next(new Error('Invalid namespace'));
    });
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
