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
      const bytes = chunk.length * 3 > this.maxBytes ? Buffer.byteLength(chunk) : chunk.length;
      this.bytes += bytes;
      // Refused whatever it holds: parse only its header and event name, never its arguments, so an
      // oversized packet (even on a socket that never authenticated) costs a bounded scan, not a
      // JSON.parse of up to the engine's buffer size.
      if (bytes > this.maxBytes) chunk = withoutArguments(chunk);
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

const EVENT_TYPES = new Set(['2', '5']); // EVENT, BINARY_EVENT
const ACK_TYPES = new Set(['3', '6']); // ACK, BINARY_ACK
const MAX_HEADER_CHARS = 300; // namespace names and ack ids are short; a longer header is garbage
const MAX_EVENT_NAME_CHARS = 64;

/**
 * A socket.io text packet (`<type>[<attachments>-][<nsp>,][<ack id>]<json>`) with its JSON
 * arguments replaced by the event name alone (`["name"]`) or, for an ack, none (`[]`). What is not
 * such a packet is returned as is, for the base decoder to refuse as it always does.
 */
export function withoutArguments(packet: string): string {
  const type = packet[0];
  const isEvent = EVENT_TYPES.has(type);
  if (!isEvent && !ACK_TYPES.has(type)) return packet;
  let i = 1;
  const limit = Math.min(packet.length, MAX_HEADER_CHARS);
  if (type === '5' || type === '6') {
    while (i < limit && packet[i] !== '-') i++;
    i++;
  }
  if (packet[i] === '/') {
    while (i < limit && packet[i] !== ',') i++;
    i++;
  }
  while (i < limit && packet[i] >= '0' && packet[i] <= '9') i++;
  if (i >= limit || packet[i] !== '[') return packet;
  const header = packet.slice(0, i);
  if (!isEvent) return `${header}[]`;
  // The event name, when it is a plain string near the start; anything else gets no handler.
  const end = packet.indexOf('"', i + 2);
  const name =
    packet[i + 1] === '"' && end > 0 && end - i - 2 <= MAX_EVENT_NAME_CHARS ? packet.slice(i + 2, end) : '';
  return name.includes('\\') ? `${header}[""]` : `${header}["${name}"]`;
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
