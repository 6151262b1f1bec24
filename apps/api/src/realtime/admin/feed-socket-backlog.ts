/**
 * The parts of an Engine.IO connection a backlog is read from. `writeBuffer` and `transport` are
 * public in Engine.IO; the websocket transport's `socket` (the `ws` WebSocket) is not in its typings.
 */
export interface EngineConnection {
  readonly writeBuffer: readonly { readonly data?: unknown }[];
  readonly transport: {
    readonly name: string;
    readonly socket?: { readonly bufferedAmount?: number; terminate?(): void };
  };
  close(discard?: boolean): unknown;
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

function webSocketOf(conn: EngineConnection): EngineConnection['transport']['socket'] {
  return conn.transport.name === 'websocket' ? conn.transport.socket : undefined;
}

/**
 * Bytes queued for one connection and not yet handed to the kernel: packets Engine.IO holds back
 * while the transport is not writable (a long-polling client that does not poll, or a websocket
 * whose previous write has not drained), plus what `ws` holds in its own and the net socket's
 * buffers. Strings count in UTF-16 code units (the feed's JSON is ASCII but for free text).
 * Stops adding once past `stopAbove`: for a socket that is over, the exact figure does not matter.
 */
export function queuedBytes(conn: EngineConnection, stopAbove: number): number {
  let bytes = webSocketOf(conn)?.bufferedAmount ?? 0;
  for (const packet of conn.writeBuffer) {
    if (bytes > stopAbove) break;
    bytes += sizeOf(packet.data);
  }
  return bytes;
}

/**
 * Closes the connection now and frees what it had queued. A plain close would wait for the
 * buffer to drain (which a reader that does not read never does), and `ws` would keep its bytes
 * for its 30 s closing handshake: the transport is discarded and the TCP socket destroyed instead.
 */
export function dropConnection(conn: EngineConnection): void {
  const ws = webSocketOf(conn);
  conn.close(true);
  ws?.terminate?.();
}
