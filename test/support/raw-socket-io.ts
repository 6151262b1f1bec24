import { randomBytes } from 'node:crypto';
import type { Socket as NetSocket } from 'node:net';
import { decodePayload, encodePayload, type Packet as EnginePacket } from 'engine.io-parser';
import { Decoder, Encoder, type Packet, PacketType } from 'socket.io-parser';
import WebSocket from 'ws';

/*
 * Kiosk clients below socket.io-client, for what it never does on its own: several socket.io packets
 * in one long-polling POST, several WebSocket frames in one TCP write, and exactly the bytes a test
 * means to send. Engine.IO v4 and Socket.IO v5 protocols, namespace /kiosks.
 */

const NSP = '/kiosks';
export type Ack = { ok: boolean; error?: { code: string; message: string; details?: unknown[] } } & Record<
  string,
  unknown
>;

/** The encoded engine messages of one event with an ack id: one string, then any attachments. */
export function encodeEvent(id: number, event: string, payload: unknown): Array<string | Buffer> {
  const encoded = new Encoder().encode({ type: PacketType.EVENT, nsp: NSP, id, data: [event, payload] });
  return encoded as Array<string | Buffer>;
}

/** Collects the acks (by id) that arrive as socket.io packets. */
class AckCollector {
  readonly acks = new Map<number, Ack>();
  readonly events: unknown[][] = [];
  private readonly decoder = new Decoder();
  private waiters: Array<() => void> = [];

  constructor() {
    this.decoder.on('decoded', (p: Packet) => {
      if (p.type === PacketType.ACK && p.id !== undefined) this.acks.set(p.id, (p.data as Ack[])[0]);
      else if (p.type === PacketType.EVENT) this.events.push(p.data as unknown[]);
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    });
  }

  add(data: string | Buffer): void {
    this.decoder.add(data);
  }

  async ack(id: number, timeoutMs = 5000): Promise<Ack> {
    const deadline = Date.now() + timeoutMs;
    while (!this.acks.has(id)) {
      if (Date.now() > deadline) throw new Error(`no ack ${id} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.acks.get(id) as Ack;
  }
}

/** A kiosk on Engine.IO long-polling, driven by hand: each `post` is one HTTP POST. */
export class RawPollingKiosk {
  private readonly collector = new AckCollector();
  private polling = true;
  private posting: Promise<unknown> = Promise.resolve();
  private pollLoop: Promise<void> = Promise.resolve();
  closed = false;

  private constructor(
    private readonly url: string,
    readonly maxPayload: number,
  ) {}

  static async connect(baseUrl: string, auth: { serial: string; secret: string }): Promise<RawPollingKiosk> {
    const open = await (await fetch(`${baseUrl}/socket.io/?EIO=4&transport=polling`)).text();
    const handshake = JSON.parse(decodePayload(open)[0].data as string) as {
      sid: string;
      maxPayload: number;
    };
    const kiosk = new RawPollingKiosk(
      `${baseUrl}/socket.io/?EIO=4&transport=polling&sid=${handshake.sid}`,
      handshake.maxPayload,
    );
    // Engine message data is the socket.io packet: CONNECT is `0/kiosks,{auth}` (engine adds the `4`).
    await kiosk.post([`0${NSP},${JSON.stringify(auth)}`]);
    const reply = await kiosk.get();
    const connected = reply.find((p) => typeof p.data === 'string' && p.data.startsWith(`0${NSP},`));
    if (!connected) throw new Error(`namespace not joined: ${JSON.stringify(reply)}`);
    kiosk.pollLoop = kiosk.keepPolling();
    return kiosk;
  }

  /** Sends these engine messages in one POST (one payload, separated as Engine.IO batches them). */
  post(messages: Array<string | Buffer>): Promise<number> {
    return this.postPackets(messages.map((data) => ({ type: 'message', data })));
  }

  // Engine.IO closes a session that has two POSTs in flight: one at a time.
  private postPackets(packets: EnginePacket[]): Promise<number> {
    const sent = this.posting.then(async () => {
      const body = await new Promise<string>((resolve) => encodePayload(packets, resolve));
      const res = await fetch(this.url, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      });
      await res.text();
      return res.status;
    });
    this.posting = sent.catch(() => 0);
    return sent;
  }

  ack(id: number, timeoutMs?: number): Promise<Ack> {
    return this.collector.ack(id, timeoutMs);
  }

  async close(): Promise<void> {
    this.polling = false;
    if (!this.closed) await this.postPackets([{ type: 'close' }]).catch(() => undefined);
    await this.pollLoop;
  }

  private async get(): Promise<EnginePacket[]> {
    const res = await fetch(this.url);
    const text = await res.text();
    if (res.status !== 200) {
      this.closed = true;
      return [];
    }
    return decodePayload(text, 'nodebuffer');
  }

  private async keepPolling(): Promise<void> {
    while (this.polling && !this.closed) {
      const packets = await this.get().catch(() => {
        this.closed = true;
        return [] as EnginePacket[];
      });
      for (const p of packets) {
        if (p.type === 'close') this.closed = true;
        else if (p.type === 'ping') await this.postPackets([{ type: 'pong' }]).catch(() => undefined);
        else if (p.type === 'message') this.collector.add(p.data as string | Buffer);
      }
    }
  }
}

/** A kiosk on a raw WebSocket, able to put several frames into one TCP write. */
export class RawWebSocketKiosk {
  private readonly collector = new AckCollector();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const text = isBinary ? null : data.toString('utf8');
      if (text === '2') ws.send('3');
      else if (text?.startsWith('4')) this.collector.add(text.slice(1));
      else if (isBinary) this.collector.add(data);
    });
  }

  static async connect(
    baseUrl: string,
    auth: { serial: string; secret: string },
  ): Promise<RawWebSocketKiosk> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const joined = new Promise<void>((resolve, reject) => {
      ws.on('message', (data: Buffer) => {
        const text = data.toString('utf8');
        if (text.startsWith('0')) ws.send(`40${NSP},${JSON.stringify(auth)}`);
        else if (text.startsWith(`40${NSP},`)) resolve();
        else if (text.startsWith(`44${NSP},`)) reject(new Error(text));
      });
      ws.once('error', reject);
    });
    await joined;
    return new RawWebSocketKiosk(ws);
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Every message a masked text frame (`4` + the socket.io packet), all in one TCP write. */
  writeCoalesced(messages: string[]): void {
    const frames = messages.map((m) => maskedTextFrame(Buffer.from(`4${m}`, 'utf8')));
    (this.ws as unknown as { _socket: NetSocket })._socket.write(Buffer.concat(frames));
  }

  ack(id: number, timeoutMs?: number): Promise<Ack> {
    return this.collector.ack(id, timeoutMs);
  }

  close(): void {
    this.ws.close();
  }
}

/** One client-to-server text frame: FIN set, masked as RFC 6455 requires of clients. */
function maskedTextFrame(payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const masked = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i++) masked[i] = (payload[i] as number) ^ (mask[i % 4] as number);
  let header: Buffer;
  if (payload.length < 126) header = Buffer.from([0x81, 0x80 | payload.length]);
  else if (payload.length < 65536) {
    header = Buffer.alloc(4);
    header.writeUInt8(0x81, 0);
    header.writeUInt8(0x80 | 126, 1);
    header.writeUInt16BE(payload.length, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(0x81, 0);
    header.writeUInt8(0x80 | 127, 1);
    header.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  return Buffer.concat([header, mask, masked]);
}
