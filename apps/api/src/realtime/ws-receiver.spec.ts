import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import * as ws from 'ws';

/*
 * patches/ws+8.21.3.patch (applied by patch-package on install): once a frame is read, ws's
 * receiver lets go of what pointed into the read buffer. Without it every kiosk message stayed
 * reachable from old-generation garbage until a full GC (README, Benchmarks).
 */

interface ReceiverInternals {
  _mask: Buffer | undefined;
  _fragments: Buffer[];
}

// Exported by ws at runtime, absent from its type definitions.
const { Receiver } = ws as unknown as {
  Receiver: new (options: { isServer: boolean; binaryType: string }) => Writable & ReceiverInternals;
};

/** One client-to-server frame: FIN set, masked as RFC 6455 requires of clients. */
function maskedFrame(opcode: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] as number)));
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, masked]);
}

function receive(binaryType: 'nodebuffer' | 'fragments', frame: Buffer) {
  const receiver = new Receiver({ isServer: true, binaryType });
  const internals: ReceiverInternals = receiver;
  const messages: unknown[] = [];
  receiver.on('message', (data: unknown) => messages.push(data));
  const fragments = internals._fragments;
  receiver.write(frame);
  return { messages, fragments, internals };
}

describe('ws receiver (patched)', () => {
  it('keeps neither the mask nor the emptied fragments of a text message once it is delivered', () => {
    const text = '42["kiosk_update",{"seq":1}]';
    const { messages, fragments, internals } = receive('nodebuffer', maskedFrame(0x1, Buffer.from(text)));
    expect(messages.map((m) => String(m))).toEqual([text]);
    expect(internals._mask).toBeUndefined();
    expect(fragments).toHaveLength(0);
    expect(internals._fragments).not.toBe(fragments);
  });

  it('empties the fragments of a binary message delivered as one Buffer', () => {
    const payload = randomBytes(50);
    const { messages, fragments } = receive('nodebuffer', maskedFrame(0x2, payload));
    expect(messages).toEqual([payload]);
    expect(fragments).toHaveLength(0);
  });

  it('hands over the fragments array untouched when that array is the message', () => {
    const payload = randomBytes(50);
    const { messages, fragments } = receive('fragments', maskedFrame(0x2, payload));
    expect(messages).toEqual([[payload]]);
    expect(messages[0]).toBe(fragments);
  });
});
