import { EngineConnection, dropConnection, queuedBytes } from './feed-socket-backlog';

function connection(
  transport: string,
  writeBuffer: { data?: unknown }[],
  bufferedAmount = 0,
): EngineConnection & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    writeBuffer,
    transport: {
      name: transport,
      socket: { bufferedAmount, terminate: () => calls.push('terminate') },
    },
    close: (discard?: boolean) => calls.push(`close(${String(discard)})`),
  };
}

describe('feed socket backlog', () => {
  it('adds what ws still holds to the packets Engine.IO holds back', () => {
    const conn = connection('websocket', [{ data: 'x'.repeat(100) }, { data: Buffer.alloc(50) }, {}], 1000);
    expect(queuedBytes(conn, 1_000_000)).toBe(1150);
  });

  it('reads no ws figure for a long-polling connection', () => {
    const conn = connection('polling', [{ data: 'abc' }, { data: new Uint8Array(7) }], 5000);
    expect(queuedBytes(conn, 1_000_000)).toBe(10);
  });

  it('stops counting once past the bound', () => {
    const packets = Array.from({ length: 10_000 }, () => ({ data: 'x'.repeat(10) }));
    const result = queuedBytes(connection('polling', packets), 95);
    expect(result).toBe(100);
  });

  it('discards the transport and destroys the websocket, not waiting for a drain', () => {
    const ws = connection('websocket', []);
    dropConnection(ws);
    expect(ws.calls).toEqual(['close(true)', 'terminate']);
    const polling = connection('polling', []);
    dropConnection(polling);
    expect(polling.calls).toEqual(['close(true)']);
  });
});
