import { Decoder, Encoder, type Packet, PacketType } from 'socket.io-parser';

/** Why a packet's arguments were taken away before any handler saw them. */
export type PacketRefusal = 'too_large' | 'binary';

/**
 * What an event handler receives as its only argument (after the event name, before the ack) in
 * place of the arguments of a packet that was too large or carried binary attachments.
 */
export class RefusedPacket {
  constructor(
    readonly reason: PacketRefusal,
    /** The packet's size as measured (a lower bound when it carried attachments). */
    readonly bytes: number,
  ) {}
}

/** Stands in for every attachment: the bytes are counted, then dropped at once, never buffered. */
const DROPPED_ATTACHMENT = Buffer.alloc(0);

/**
 * Socket.IO's decoder, measuring each socket.io packet as a whole.
 *
 * Why here: Engine.IO hands Socket.IO one engine packet at a time (`add`), but one engine read can
 * hold many packets (a long-polling POST carries a batch; one TCP read can hold several coalesced
 * WebSocket frames), and Socket.IO dispatches events on a later tick (`process.nextTick`), after the
 * whole read was decoded. A size recorded per engine packet and read by the handler is therefore the
 * size of whichever packet came last. This decoder instead sums the bytes of every chunk it is given
 * from one `decoded` packet to the next: a plain packet is one text chunk, a binary one is its text
 * part followed by its attachments (the base decoder refuses anything interleaved). When the packet
 * comes out, the verdict is written into the packet itself, so it travels with it to its handler
 * whatever the tick: an EVENT's arguments become `[name, RefusedPacket]`, an ACK's `[RefusedPacket]`.
 * What is counted is the packet's UTF-8 text as sent (its JSON arguments plus a socket.io header of
 * some 20 bytes: type, namespace, ack id) and the bytes of its attachments.
 *
 * Cost on the hot path: one length comparison per text chunk (UTF-16 length × 3 bounds the UTF-8
 * size, so only a chunk that could be over the limit is measured exactly), one listener call per
 * packet, no allocation and no re-serialisation. Attachments are replaced by an empty buffer as they
 * arrive: a refused binary packet never holds its attachments in memory.
 *
 * CONNECT packets pass unmarked: their handshake `auth` is checked by each namespace's middleware.
 */
export class BoundedPacketDecoder extends Decoder {
  /** Bytes of the packet being decoded: its text part and the attachments received so far. */
  private bytes = 0;
  private binary = false;

  constructor(private readonly maxBytes: number) {
    super();
    // Registered before socket.io's Client subscribes (it does right after construction), so the
    // verdict is written before the Client schedules the packet's dispatch.
    this.on('decoded', this.inspect);
  }

  override add(chunk: unknown): void {
    if (typeof chunk === 'string') {
      this.bytes += chunk.length * 3 > this.maxBytes ? Buffer.byteLength(chunk) : chunk.length;
    } else if (chunk instanceof ArrayBuffer || ArrayBuffer.isView(chunk)) {
      this.bytes += chunk.byteLength;
      this.binary = true;
      chunk = DROPPED_ATTACHMENT;
    }
    try {
      super.add(chunk);
    } catch (e) {
      // A protocol violation: socket.io closes the connection; nothing of this packet counts on.
      this.bytes = 0;
      this.binary = false;
      throw e;
    }
  }

  // Called with `this` bound to the decoder (the emitter applies listeners to itself).
  private inspect(this: BoundedPacketDecoder, packet: Packet): void {
    const bytes = this.bytes;
    const binary = this.binary;
    this.bytes = 0;
    this.binary = false;
    if (packet.type !== PacketType.EVENT && packet.type !== PacketType.ACK) return;
    if (!binary && bytes <= this.maxBytes) return;
    const refused = new RefusedPacket(binary ? 'binary' : 'too_large', bytes);
    const data = packet.data as unknown[];
    packet.data = packet.type === PacketType.EVENT ? [data[0], refused] : [refused];
  }
}

/**
 * The `parser` option of the Socket.IO server: the standard encoder, and a decoder (one per
 * connection, made by socket.io without arguments) bounded at `maxBytes` per packet.
 */
export function boundedSocketIoParser(maxBytes: number): {
  Encoder: typeof Encoder;
  Decoder: typeof Decoder;
} {
  class Bounded extends BoundedPacketDecoder {
    constructor() {
      super(maxBytes);
    }
  }
  return { Encoder, Decoder: Bounded };
}
