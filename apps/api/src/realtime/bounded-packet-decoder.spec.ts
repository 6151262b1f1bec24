import { Encoder, type Packet, PacketType } from 'socket.io-parser';
import {
  BoundedPacketDecoder,
  boundedSocketIoParser,
  RefusedPacket,
  withoutArguments,
} from './bounded-packet-decoder';

const MAX = 1024;
const encoder = new Encoder();
const event = (data: unknown[], id = 7): Array<string | Buffer> =>
  encoder.encode({ type: PacketType.EVENT, nsp: '/kiosks', id, data }) as Array<string | Buffer>;

/** Feeds every chunk, as Engine.IO would one engine packet at a time; returns the decoded packets. */
function decode(chunks: Array<string | Buffer>, decoder = new BoundedPacketDecoder(MAX)): Packet[] {
  const out: Packet[] = [];
  decoder.on('decoded', (p: Packet) => out.push(p));
  for (const c of chunks) decoder.add(c);
  return out;
}

describe('BoundedPacketDecoder', () => {
  it('passes a packet within the limit untouched', () => {
    const [p] = decode(event(['kiosk_update', { a: 1 }]));
    expect(p).toEqual({ type: PacketType.EVENT, nsp: '/kiosks', id: 7, data: ['kiosk_update', { a: 1 }] });
  });

  it('replaces the arguments of a packet over the limit, keeping the event name and ack id', () => {
    const [p] = decode(event(['kiosk_update', { note: 'x'.repeat(MAX) }, 'extra arg']));
    expect(p.id).toBe(7);
    expect(p.data[0]).toBe('kiosk_update');
    expect(p.data).toHaveLength(2);
    expect(p.data[1]).toBeInstanceOf(RefusedPacket);
    expect(p.data[1]).toMatchObject({ reason: 'too_large' });
    expect((p.data[1] as RefusedPacket).bytes).toBeGreaterThan(MAX);
  });

  it('never parses the arguments of an oversized packet: malformed JSON past the limit is still payload_too_large', () => {
    // The base decoder would throw on this (a protocol error that closes the connection) after
    // parsing it; refused by size, only its header and event name are read.
    const [p] = decode([`2/kiosks,9["kiosk_update",{"note":"${'x'.repeat(4 * MAX)}`]);
    expect(p).toMatchObject({ type: PacketType.EVENT, nsp: '/kiosks', id: 9 });
    expect(p.data).toEqual(['kiosk_update', expect.any(RefusedPacket)]);
    expect(p.data[1]).toMatchObject({ reason: 'too_large' });
    expect((p.data[1] as RefusedPacket).bytes).toBeGreaterThan(4 * MAX);
  });

  it('strips arguments only from event and ack packets, keeping namespace, ack id and name', () => {
    expect(withoutArguments('2/kiosks,12["kiosk_update",{"a":1}]')).toBe('2/kiosks,12["kiosk_update"]');
    expect(withoutArguments('2["kiosk_join",1,2]')).toBe('2["kiosk_join"]');
    expect(withoutArguments('3/kiosks,4[{"ok":true}]')).toBe('3/kiosks,4[]');
    expect(withoutArguments('51-/kiosks,5["kiosk_update",{"_placeholder":true,"num":0}]')).toBe(
      '51-/kiosks,5["kiosk_update"]',
    );
    // an event name that is not a short plain string gets no handler
    expect(withoutArguments(`2["${'n'.repeat(100)}",1]`)).toBe('2[""]');
    expect(withoutArguments('2["a\\"b",1]')).toBe('2[""]');
    expect(withoutArguments('2[{"not":"a name"}]')).toBe('2[""]');
    // not an event: left for the base decoder to judge
    expect(withoutArguments('0/kiosks,{"serial":"x"}')).toBe('0/kiosks,{"serial":"x"}');
    expect(withoutArguments('2' + '9'.repeat(400) + '["x"]')).toBe('2' + '9'.repeat(400) + '["x"]');
  });

  it('measures UTF-8 bytes: 400 three-byte characters are over 1 KB', () => {
    const [p] = decode(event(['kiosk_update', { note: '€'.repeat(400) }]));
    expect(p.data[1]).toMatchObject({ reason: 'too_large' });
    const [q] = decode(event(['kiosk_update', { note: 'e'.repeat(900) }]));
    expect(q.data[1]).toEqual({ note: 'e'.repeat(900) });
  });

  it('judges each packet of a batch on its own, whatever their order', () => {
    const decoder = new BoundedPacketDecoder(MAX);
    const packets = decode(
      [
        ...event(['kiosk_update', { n: 1 }], 1),
        ...event(['kiosk_update', { note: 'x'.repeat(2 * MAX) }], 2),
        ...event(['kiosk_update', { n: 3 }], 3),
      ],
      decoder,
    );
    expect(packets.map((p) => p.data[1] instanceof RefusedPacket)).toEqual([false, true, false]);
  });

  it('refuses any binary attachment, however small', () => {
    const chunks = event(['kiosk_update', { blob: Buffer.alloc(10, 1) }]);
    expect(chunks).toHaveLength(2);
    const [p] = decode(chunks);
    expect(p.type).toBe(PacketType.EVENT);
    expect(p.data).toEqual(['kiosk_update', expect.any(RefusedPacket)]);
    expect(p.data[1]).toMatchObject({ reason: 'binary' });
    // what follows a refused binary packet is judged afresh
    const decoder = new BoundedPacketDecoder(MAX);
    const [, next] = decode([...chunks, ...event(['kiosk_update', { ok: true }], 8)], decoder);
    expect(next.data).toEqual(['kiosk_update', { ok: true }]);
  });

  it('refuses a binary ack as well', () => {
    const chunks = encoder.encode({ type: PacketType.ACK, nsp: '/kiosks', id: 3, data: [Buffer.alloc(4)] });
    const [p] = decode(chunks as Array<string | Buffer>);
    expect(p.type).toBe(PacketType.ACK);
    expect(p.data).toEqual([expect.any(RefusedPacket)]);
  });

  it('leaves CONNECT packets to the namespace middleware', () => {
    const auth = { serial: 'S', secret: 'x'.repeat(2 * MAX) };
    const [p] = decode(encoder.encode({ type: PacketType.CONNECT, nsp: '/kiosks', data: auth }));
    expect(p.data).toEqual(auth);
  });

  it('throws on a protocol violation (socket.io then closes the connection) and starts over after it', () => {
    const decoder = new BoundedPacketDecoder(MAX);
    expect(() => decoder.add(Buffer.alloc(5))).toThrow('got binary data when not reconstructing a packet');
    expect(decode(event(['kiosk_update', { n: 1 }]), decoder)[0].data[1]).toEqual({ n: 1 });
  });

  it('is what the parser option makes: a decoder socket.io builds without arguments', () => {
    const parser = boundedSocketIoParser(MAX);
    const decoder = new parser.Decoder();
    expect(decoder).toBeInstanceOf(BoundedPacketDecoder);
    expect(
      decode(event(['e', 'x'.repeat(MAX + 1)]), decoder as BoundedPacketDecoder)[0].data[1],
    ).toBeInstanceOf(RefusedPacket);
  });
});
