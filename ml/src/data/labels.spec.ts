import { BEHAVIOUR_LABELS, FAULT_NAMES, SIGNAL_FAULTS } from '@app/kiosk-signals';
import {
  KNOWN_BEHAVIOURS,
  KNOWN_FAULTS,
  TELEMETRY_FAULTS,
  faultMask,
  isAnomalyLabel,
  parseLabel,
} from './labels';

describe('labels', () => {
  it("knows exactly the simulator's fault catalogue", () => {
    expect([...KNOWN_FAULTS].sort()).toEqual([...FAULT_NAMES].sort());
    expect([...KNOWN_BEHAVIOURS].sort()).toEqual([...BEHAVIOUR_LABELS].sort());
    // Every target is a fault the simulator says changes the sensor readings.
    for (const f of TELEMETRY_FAULTS) expect(SIGNAL_FAULTS.has(f)).toBe(true);
  });

  it('targets telemetry-visible faults only', () => {
    expect(isAnomalyLabel('normal')).toBe(false);
    expect(isAnomalyLabel('fan_failure')).toBe(true);
    expect(isAnomalyLabel('cash_mismatch')).toBe(false);
    expect(isAnomalyLabel('clock_skew+memory_leak')).toBe(true);
    expect(faultMask('disk_fill+network_degradation')).toBe(
      (1 << TELEMETRY_FAULTS.indexOf('disk_fill')) | (1 << TELEMETRY_FAULTS.indexOf('network_degradation')),
    );
  });

  it('parses the label forms a CSV may use and refuses others', () => {
    expect(parseLabel('1')).toEqual({ anomaly: true, mask: 0 });
    expect(parseLabel(' FALSE ')).toEqual({ anomaly: false, mask: 0 });
    expect(parseLabel('overheat')).toEqual({ anomaly: true, mask: 1 });
    expect(parseLabel('spoof')).toEqual({ anomaly: false, mask: 0 });
    expect(parseLabel('2')).toBeNull();
    expect(parseLabel('overheat+nonsense')).toBeNull();
    // A wandering kiosk's readings (the simulator's --wanderers): known, and not a sensor anomaly.
    expect(parseLabel('wander')).toEqual({ anomaly: false, mask: 0 });
    expect(parseLabel('overheat+wander')).toEqual({ anomaly: true, mask: 1 });
  });
});
