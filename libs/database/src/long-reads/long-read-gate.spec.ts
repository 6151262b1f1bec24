import { isRefusal, LongReadEvents, LongReadGate, LongReadSlot } from './long-read-gate';

function recorder() {
  const seen: string[] = [];
  const events: LongReadEvents = {
    entered: (kind) => seen.push(`entered ${kind}`),
    refused: (kind, cap) => seen.push(`refused ${kind} ${cap}`),
    released: (kind, outcome, seconds) => seen.push(`released ${kind} ${outcome} ${seconds}`),
  };
  return { seen, events };
}

const slot = (x: ReturnType<LongReadGate['tryEnter']>): LongReadSlot => {
  if (isRefusal(x)) throw new Error(`refused: ${x.refused}`);
  return x;
};

describe('LongReadGate', () => {
  it('refuses a user over the per-user cap, then the instance over its cap, and counts each refusal', () => {
    const { seen, events } = recorder();
    const gate = new LongReadGate({ maxPerUser: 2, maxPerInstance: 3 }, events, () => 0);
    slot(gate.tryEnter('payments_csv', 'ann'));
    slot(gate.tryEnter('payments_csv', 'ann'));
    expect(gate.tryEnter('payments_csv', 'ann')).toEqual({ refused: 'per_user', limit: 2 });
    slot(gate.tryEnter('payments_csv', 'bob'));
    expect(gate.tryEnter('payments_csv', 'cid')).toEqual({ refused: 'per_instance', limit: 3 });
    expect(gate.active('payments_csv')).toBe(3);
    expect(seen.filter((e) => e.startsWith('refused'))).toEqual([
      'refused payments_csv per_user',
      'refused payments_csv per_instance',
    ]);
  });

  it('caps every kind together, per user and per instance, while reporting each kind apart', () => {
    const gate = new LongReadGate({ maxPerUser: 2, maxPerInstance: 3 }, recorder().events);
    slot(gate.tryEnter('payments_csv', 'ann'));
    slot(gate.tryEnter('telemetry_export', 'ann'));
    expect(gate.tryEnter('telemetry_range', 'ann')).toEqual({ refused: 'per_user', limit: 2 });
    const bobs = slot(gate.tryEnter('telemetry_range', 'bob'));
    expect(gate.tryEnter('payments_csv', 'cid')).toEqual({ refused: 'per_instance', limit: 3 });
    expect([
      gate.active('payments_csv'),
      gate.active('telemetry_export'),
      gate.active('telemetry_range'),
    ]).toEqual([1, 1, 1]);
    bobs.release('completed');
    slot(gate.tryEnter('payments_csv', 'cid'));
  });

  it('frees a place once however often it is released, and reports the duration', () => {
    const { seen, events } = recorder();
    let now = 1_000;
    const gate = new LongReadGate({ maxPerUser: 1, maxPerInstance: 5 }, events, () => now);
    const first = slot(gate.tryEnter('payments_csv', 'ann'));
    now += 2_500;
    first.release('aborted');
    first.release('completed');
    expect(gate.active('payments_csv')).toBe(0);
    expect(seen).toEqual(['entered payments_csv', 'released payments_csv aborted 2.5']);
    const second = slot(gate.tryEnter('payments_csv', 'ann'));
    expect(isRefusal(gate.tryEnter('payments_csv', 'ann'))).toBe(true);
    second.release('completed');
    slot(gate.tryEnter('payments_csv', 'ann'));
  });
});
