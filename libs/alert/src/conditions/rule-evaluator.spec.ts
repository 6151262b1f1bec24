import type { TelemetryReading } from '@app/contracts';
import { inScope, RuleEvaluator, TelemetryRule } from './rule-evaluator';

const T0 = Date.parse('2026-11-25T10:00:00.000Z');

function reading(
  secondsAfter: number,
  cpuTemp: number,
  kioskId = 1,
  printer: 'ready' | 'paper_jam' = 'ready',
): TelemetryReading {
  return {
    kioskId,
    timestamp: new Date(T0 + secondsAfter * 1000),
    receivedAt: new Date(T0 + secondsAfter * 1000),
    seq: null,
    environmental: { temperature: 24, humidity: 50, airQuality: 30 },
    hardware: { cpuTemp, cpuUsage: 40, ramUsage: 60, diskUsage: 70 },
    peripherals: { printerStatus: printer },
    location: { lat: 0, lng: 0 },
    network: { latency: 80, signalStrength: -60 },
    extra: null,
  };
}

const hot: TelemetryRule = {
  id: 'hot',
  condition: { field: 'hardware.cpu_temp', op: '>', value: 85 },
  forSeconds: 10,
  scope: { kind: 'all', value: null },
};
const kinds = (ds: { kind: string }[]) => ds.map((d) => d.kind);

describe('RuleEvaluator', () => {
  it('fires only once the condition has held for forSeconds, then counts occurrences', () => {
    const e = new RuleEvaluator(3);
    expect(e.evaluate(reading(0, 90), [hot])).toEqual([]);
    expect(e.evaluate(reading(5, 91), [hot])).toEqual([]);
    expect(e.evaluate(reading(10, 92), [hot])).toEqual([
      {
        kind: 'fire',
        kioskId: 1,
        ruleId: 'hot',
        at: new Date(T0 + 10_000),
        receivedAt: new Date(T0 + 10_000),
        opened: true,
      },
    ]);
    expect(e.evaluate(reading(15, 92), [hot])).toEqual([
      expect.objectContaining({ kind: 'fire', opened: false }),
    ]);
  });

  it('restarts the for-duration when the condition breaks before it elapsed', () => {
    const e = new RuleEvaluator(3);
    e.evaluate(reading(0, 90), [hot]);
    e.evaluate(reading(5, 50), [hot]);
    expect(e.evaluate(reading(10, 90), [hot])).toEqual([]);
    expect(e.evaluate(reading(19, 90), [hot])).toEqual([]);
    expect(kinds(e.evaluate(reading(20, 90), [hot]))).toEqual(['fire']);
  });

  it('clears after N consecutive clear readings; a breach in between resets the count', () => {
    const e = new RuleEvaluator(3);
    const now = { ...hot, forSeconds: 0 };
    expect(kinds(e.evaluate(reading(0, 90), [now]))).toEqual(['fire']);
    e.evaluate(reading(5, 50), [now]);
    e.evaluate(reading(10, 50), [now]);
    expect(kinds(e.evaluate(reading(15, 90), [now]))).toEqual(['fire']);
    e.evaluate(reading(20, 50), [now]);
    e.evaluate(reading(25, 50), [now]);
    expect(e.evaluate(reading(30, 50), [now])).toEqual([
      { kind: 'clear', kioskId: 1, ruleId: 'hot', at: new Date(T0 + 30_000) },
    ]);
    expect(e.size).toBe(0);
    expect(e.evaluate(reading(35, 90), [now])).toEqual([
      expect.objectContaining({ kind: 'fire', opened: true }),
    ]);
  });

  it('resolves an alert known open (rebuilt from the database) after clear readings', () => {
    const e = new RuleEvaluator(2);
    e.markFiring(1, 'hot');
    e.evaluate(reading(0, 50), [hot]);
    expect(kinds(e.evaluate(reading(5, 50), [hot]))).toEqual(['clear']);
  });

  it('keeps kiosks apart and evaluates groups and peripheral equality', () => {
    const e = new RuleEvaluator(1);
    const jam: TelemetryRule = {
      id: 'jam',
      condition: {
        all: [
          { field: 'peripherals.printer_status', op: '==', value: 'paper_jam' },
          { field: 'hardware.cpu_temp', op: '<', value: 100 },
        ],
      },
      forSeconds: 0,
      scope: { kind: 'all', value: null },
    };
    expect(kinds(e.evaluate(reading(0, 50, 1, 'paper_jam'), [jam]))).toEqual(['fire']);
    expect(e.evaluate(reading(0, 50, 2, 'ready'), [jam])).toEqual([]);
    const noCardReader: TelemetryRule = {
      ...jam,
      id: 'card',
      condition: { field: 'peripherals.card_reader', op: '!=', value: 'ready' },
    };
    // a kiosk without a card reader never breaks a card-reader rule
    expect(e.evaluate(reading(0, 50, 3), [noCardReader])).toEqual([]);
    expect(e.isFiring(1, 'jam')).toBe(true);
    expect(e.isFiring(2, 'jam')).toBe(false);
  });

  it('matches scopes', () => {
    expect(inScope({ kind: 'all', value: null }, 7, [])).toBe(true);
    expect(inScope({ kind: 'kiosk', value: '7' }, 7, [])).toBe(true);
    expect(inScope({ kind: 'kiosk', value: '7' }, 8, [])).toBe(false);
    expect(inScope({ kind: 'tag', value: 'lobby' }, 8, ['lobby', 'north'])).toBe(true);
    expect(inScope({ kind: 'tag', value: 'lobby' }, 8, ['north'])).toBe(false);
  });
});
