import { validateCondition } from './condition-validator';

const errorsOf = (input: unknown) => {
  const r = validateCondition(input);
  return r.ok ? [] : r.errors;
};

describe('validateCondition', () => {
  it('accepts every form of the contract grammar', () => {
    for (const c of [
      { field: 'hardware.cpu_temp', op: '>', value: 85 },
      { field: 'peripherals.printer_status', op: '==', value: 'paper_jam' },
      {
        all: [
          { field: 'hardware.cpu_temp', op: '>=', value: 80 },
          { field: 'hardware.cpu_usage', op: '>', value: 90 },
        ],
      },
      {
        any: [
          { field: 'network.latency', op: '>', value: 2000 },
          { field: 'peripherals.card_reader', op: '!=', value: 'ready' },
        ],
      },
      { liveness: 'offline', forSeconds: 300 },
      { liveness: 'stale', forSeconds: 0 },
      { event: 'payment_failed', method: 'card', count: 3, withinSeconds: 600 },
      { event: 'payment_failed', count: 5, withinSeconds: 60 },
    ]) {
      expect(validateCondition(c)).toEqual({ ok: true, condition: c });
    }
  });

  it('names an unknown field and an unknown operator', () => {
    expect(errorsOf({ field: 'hardware.gpu_temp', op: '>', value: 1 })).toEqual([
      { field: 'condition.field', message: expect.stringContaining("unknown field 'hardware.gpu_temp'") },
    ]);
    expect(errorsOf({ all: [{ field: 'hardware.cpu_temp', op: '=>', value: 1 }] })).toEqual([
      { field: 'condition.all[0].op', message: expect.stringContaining("unknown operator '=>'") },
    ]);
  });

  it('checks values against the field: numbers for readings, known states for peripherals', () => {
    expect(errorsOf({ field: 'hardware.cpu_temp', op: '>', value: '85' })).toEqual([
      { field: 'condition.value', message: "value of 'hardware.cpu_temp' must be a number" },
    ]);
    expect(errorsOf({ field: 'peripherals.printer_status', op: '==', value: 'on_fire' })).toEqual([
      { field: 'condition.value', message: expect.stringContaining("unknown value 'on_fire'") },
    ]);
    expect(errorsOf({ field: 'peripherals.printer_status', op: '>', value: 'ready' })).toEqual([
      { field: 'condition.op', message: expect.stringContaining("operator '>' does not apply") },
    ]);
  });

  it('refuses unknown properties, empty groups, grouped liveness and bad windows', () => {
    expect(errorsOf({ field: 'hardware.cpu_temp', op: '>', value: 1, for: 3 })).toEqual([
      { field: 'condition.for', message: "unknown property 'for'" },
    ]);
    expect(errorsOf({ all: [] })).toEqual([
      { field: 'condition.all', message: 'all must list 1…20 clauses' },
    ]);
    expect(errorsOf({ any: [{ liveness: 'offline', forSeconds: 1 }] })).toEqual([
      { field: 'condition.any[0]', message: expect.stringContaining('cannot be grouped') },
    ]);
    expect(errorsOf({ liveness: 'asleep', forSeconds: -1 }).map((e) => e.field)).toEqual([
      'condition.liveness',
      'condition.forSeconds',
    ]);
    expect(
      errorsOf({ event: 'payment_refunded', method: 'cheque', count: 0, withinSeconds: 0 }).map(
        (e) => e.field,
      ),
    ).toEqual(['condition.event', 'condition.method', 'condition.count', 'condition.withinSeconds']);
    expect(errorsOf('cpu_temp > 85')).toEqual([
      { field: 'condition', message: 'a clause must be an object' },
    ]);
    expect(errorsOf({ nonsense: true })).toHaveLength(1);
  });
});
