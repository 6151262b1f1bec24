import { describe, expect, it } from 'vitest';
import { describeCondition } from './describe-condition';

// Echoes the key and its values, so the test reads which words were asked for.
const t = (key: string, values?: Record<string, string | number>) =>
  values
    ? `${key}(${Object.entries(values)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')})`
    : key;

describe('describeCondition', () => {
  it('names the fields of telemetry clauses and joins groups with and/or', () => {
    expect(describeCondition({ field: 'hardware.cpu_temp', op: '>', value: 85 }, t)).toBe(
      'fields.hardware_cpu_temp > 85',
    );
    expect(
      describeCondition(
        {
          any: [
            { field: 'network.latency', op: '>', value: 2000 },
            { field: 'peripherals.card_reader', op: '!=', value: 'ready' },
          ],
        },
        t,
      ),
    ).toBe('fields.network_latency > 2000 describe.or fields.peripherals_card_reader != ready');
  });

  it('describes liveness and payment-rate rules with their windows', () => {
    expect(describeCondition({ liveness: 'offline', forSeconds: 300 }, t)).toBe(
      'describe.liveness(state=common:status.offline,seconds=300)',
    );
    expect(
      describeCondition({ event: 'payment_failed', method: 'card', count: 3, withinSeconds: 600 }, t),
    ).toBe('describe.rate(count=3,method=rules.methods.card,seconds=600)');
  });
});
