import { BASELINE_SIGNALS } from './feature-spec';
import { createKioskFeatureState, extractFeatures, KioskFeatureState } from './feature-extractor';
import { FEATURE_COUNT } from './feature-spec';
import { decodeKioskFeatureState, encodeKioskFeatureState } from './feature-state-codec';
import { flatReading as reading } from './reading.fixture';

function evolved(): KioskFeatureState {
  const t0 = Date.parse('2026-11-25T10:00:00Z');
  const s = createKioskFeatureState(reading(), t0);
  const out = new Float32Array(FEATURE_COUNT);
  // A day and an hour at 5-minute steps: every hour of day holds a mean.
  for (let i = 1; i < 300; i++) {
    extractFeatures(
      s,
      reading({ cpu_temp: 55 + (i % 7) / 3, printer_status: i % 50 ? 'ready' : 'paper_jam' }),
      t0 + i * 5000,
      out,
    );
  }
  return s;
}

describe('kiosk feature state codec', () => {
  it('round-trips every number exactly and the printer state', () => {
    const s = evolved();
    expect(decodeKioskFeatureState(encodeKioskFeatureState(s))).toEqual(s);
    const none = { ...s, lastPrinter: null };
    expect(decodeKioskFeatureState(encodeKioskFeatureState(none))).toEqual(none);
  });

  it('reads bytes at any offset (a Buffer sliced out of a larger one)', () => {
    const s = evolved();
    const bytes = encodeKioskFeatureState(s);
    const shifted = Buffer.concat([Buffer.from([1, 2, 3]), bytes]).subarray(3);
    expect(decodeKioskFeatureState(shifted)).toEqual(s);
  });

  it('refuses bytes of another layout instead of misreading them', () => {
    const bytes = encodeKioskFeatureState(evolved());
    expect(decodeKioskFeatureState(bytes.subarray(0, 100))).toBeNull();
    const otherVersion = Buffer.from(bytes);
    otherVersion.writeDoubleLE(2, 0);
    expect(decodeKioskFeatureState(otherVersion)).toBeNull();
    const otherSignals = Buffer.from(bytes);
    otherSignals.writeDoubleLE(BASELINE_SIGNALS.length + 1, 32);
    expect(decodeKioskFeatureState(otherSignals)).toBeNull();
  });
});
