import { connect as netConnect, Socket as NetSocket } from 'node:net';
import WebSocket from 'ws';

/*
 * A Socket.IO v4 client spoken by hand over one WebSocket (Engine.IO protocol 4), for what
 * socket.io-client will not do: send one message as several WebSocket fragments, or stop reading
 * while keeping the session alive. Text packets only:
 *   server `0{…}` open → client `40/nsp,{auth}` → server `40/nsp,{sid}` | `44/nsp,{message}`;
 *   `2` ping → `3` pong; `42/nsp,<id>[event, data]` → `43/nsp,<id>[reply]`.
 */

export type AckResult = { reply: unknown } | { timeout: true } | { closed: string };

export class RawSocketIo {
  private nextId = 1;
  private readonly acks = new Map<number, (r: AckResult) => void>();
  /** Set once the socket is gone; says how (close code, or a socket error). */
  closedHow: string | undefined;
  /** Bytes the client received, counted below the WebSocket (kernel reads). */
  get bytesRead(): number {
    return this.tcp.bytesRead;
  }

  private constructor(
    private readonly ws: WebSocket,
    private readonly tcp: NetSocket,
    private readonly nsp: string,
  ) {
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (!isBinary) this.onPacket(data.toString());
    });
    const gone = (how: string) => {
      this.closedHow ??= how;
      for (const done of this.acks.values()) done({ closed: this.closedHow });
      this.acks.clear();
    };
    ws.on('close', (code) => gone(`close ${code}`));
    ws.on('error', (e) => gone(`error ${(e as NodeJS.ErrnoException).code ?? e.message}`));
    tcp.on('close', () => gone('tcp closed'));
  }

  /** Opens the session and the namespace; answers the socket or why the namespace refused it. */
  static connect(
    baseUrl: string,
    nsp: string,
    auth: Record<string, unknown>,
    timeoutMs = 10_000,
  ): Promise<{ socket: RawSocketIo } | { refused: string }> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    let tcp: NetSocket | undefined;
    const ws = new WebSocket(url, {
      perMessageDeflate: false,
      // The TCP socket itself, so that reading can be stopped (pauseReading).
      createConnection: (opts: { host?: string; port?: number }) => {
        tcp = netConnect({ host: opts.host ?? '127.0.0.1', port: Number(opts.port) });
        return tcp;
      },
    } as WebSocket.ClientOptions);
    return new Promise((resolve) => {
      const prefix = nsp === '/' ? '' : `${nsp},`;
      const timer = setTimeout(() => finish({ refused: 'connect timeout' }), timeoutMs);
      const finish = (r: { socket: RawSocketIo } | { refused: string }) => {
        clearTimeout(timer);
        ws.removeListener('message', onMessage);
        if ('refused' in r) ws.terminate();
        resolve(r);
      };
      const onMessage = (data: WebSocket.RawData) => {
        const text = data.toString();
        if (text.startsWith('0')) ws.send(`40${prefix}${JSON.stringify(auth)}`);
        else if (text === '2') ws.send('3');
        else if (text.startsWith(`40${prefix}`))
          finish({ socket: new RawSocketIo(ws, tcp as NetSocket, nsp) });
        else if (text.startsWith(`44${prefix}`)) {
          const body = JSON.parse(text.slice(2 + prefix.length)) as { message?: string };
          finish({ refused: `connect_error ${body.message ?? '?'}` });
        }
      };
      ws.on('message', onMessage);
      ws.once('error', (e) => finish({ refused: `error ${(e as NodeJS.ErrnoException).code ?? e.message}` }));
      ws.once('close', (code) => finish({ refused: `close ${code}` }));
    });
  }

  /**
   * Emits `event` with an ack. With `fragmentBytes`, the message leaves as WebSocket fragments of
   * that size (one message, several frames), as a proxy or a hand-written client may send it.
   */
  emitWithAck(
    event: string,
    data: unknown,
    { timeoutMs = 5000, fragmentBytes }: { timeoutMs?: number; fragmentBytes?: number } = {},
  ): Promise<AckResult> {
    if (this.closedHow) return Promise.resolve({ closed: this.closedHow });
    const id = this.nextId++;
    const packet = `42${this.nsp === '/' ? '' : `${this.nsp},`}${id}${JSON.stringify([event, data])}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.acks.delete(id);
        resolve({ timeout: true });
      }, timeoutMs);
      this.acks.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      if (!fragmentBytes) return this.ws.send(packet);
      for (let at = 0; at < packet.length; at += fragmentBytes) {
        const fin = at + fragmentBytes >= packet.length;
        this.ws.send(packet.slice(at, at + fragmentBytes), { fin, binary: false });
      }
    });
  }

  /**
   * Stops reading from the TCP socket: what the server sends queues in the kernel, then in the
   * server. Pongs still go out every `pongEveryMs`, unasked, so that the session's heartbeat does not
   * end it: only a bound on what the server buffers for a consumer can.
   */
  pauseReading(pongEveryMs = 5000): void {
    this.tcp.pause();
    const timer = setInterval(() => {
      if (this.closedHow) return clearInterval(timer);
      this.ws.send('3', (e) => {
        if (e) this.closedHow ??= `write failed ${(e as NodeJS.ErrnoException).code ?? e.message}`;
      });
    }, pongEveryMs);
    timer.unref();
  }

  resumeReading(): void {
    this.tcp.resume();
  }

  close(): void {
    this.ws.terminate();
  }

  private onPacket(text: string): void {
    if (text === '2') return void this.ws.send('3');
    const prefix = `43${this.nsp === '/' ? '' : `${this.nsp},`}`;
    if (!text.startsWith(prefix)) return;
    let i = prefix.length;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    const id = Number(text.slice(prefix.length, i));
    const done = this.acks.get(id);
    if (!done) return;
    this.acks.delete(id);
    const args = JSON.parse(text.slice(i)) as unknown[];
    done({ reply: args[0] });
  }
}
