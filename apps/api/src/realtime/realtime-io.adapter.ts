import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';

/**
 * Socket.IO server settings for thousands of kiosks: no per-message deflate (CPU for little gain on
 * small JSON), websocket transport preferred, and an engine buffer larger than the wire's message
 * limit so an oversized message is answered with `payload_too_large` instead of a dropped socket.
 */
export class RealtimeIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly maxMessageBytes: number,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    return super.createIOServer(port, {
      ...options,
      perMessageDeflate: false,
      maxHttpBufferSize: Math.max(1_000_000, this.maxMessageBytes * 8),
      pingInterval: 10_000,
      pingTimeout: 10_000,
      connectTimeout: 10_000,
    }) as Server;
  }
}
