import { KioskFeatureExtractor } from './feature-extractor';
import {
  FEATURE_COUNT,
  FEATURE_NAMES,
  FEATURE_SPEC,
  FEATURE_SPEC_HASH,
  PERIPHERAL_STATES,
  computeFeatureSpecHash,
  featureIndex,
} from './feature-spec';
import { FlatReading, flattenWireReading } from './reading';
import { flatReading as reading } from './reading.fixture';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 2, 2, 0, 0, 0);

function col(row: Float32Array, name: string): number {
  return row[featureIndex(name)];
}

describe('feature spec', () => {
  it('names every column once, and the count matches the rows the extractor writes', () => {
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURE_NAMES.length);
    expect(FEATURE_COUNT).toBe(FEATURE_NAMES.length);
    const row = new KioskFeatureExtractor().row('k', reading(), T0);
    expect(row).toHaveLength(FEATURE_COUNT);
    expect(Array.from(row).every(Number.isFinite)).toBe(true);
  });

  it('has a stable hash that changes when anything that shapes a row changes', () => {
    expect(FEATURE_SPEC_HASH).toMatch(/^[0-9a-f]{16}$/);
    expect(computeFeatureSpecHash()).toBe(FEATURE_SPEC_HASH);
    const otherTau = { ...FEATURE_SPEC, baselineTauSec: { ...FEATURE_SPEC.baselineTauSec, fast: 600 } };
    expect(computeFeatureSpecHash(otherTau as unknown as typeof FEATURE_SPEC)).not.toBe(FEATURE_SPEC_HASH);
  });

  it('throws on a feature name it does not have', () => {
    expect(() => featureIndex('cpu_tmp')).toThrow('unknown feature');
  });

  it('one-hot encodes peripheral states: one column per group, none for an unknown state', () => {
    const x = new KioskFeatureExtractor();
    const row = x.row(
      'k',
      reading({ printer_status: 'paper_jam', cash_acceptor: 'bogus', card_reader: null }),
      T0,
    );
    for (const s of PERIPHERAL_STATES.printer_status) {
      expect(col(row, `printer_status=${s}`)).toBe(s === 'paper_jam' ? 1 : 0);
    }
    for (const s of PERIPHERAL_STATES.cash_acceptor) expect(col(row, `cash_acceptor=${s}`)).toBe(0);
    for (const s of PERIPHERAL_STATES.card_reader) expect(col(row, `card_reader=${s}`)).toBe(0);
  });

  it('derives log latency and the CPU lift over ambient from the raw fields', () => {
    const row = new KioskFeatureExtractor().row(
      'k',
      reading({ latency: 99, cpu_temp: 61, temperature: 21 }),
      T0,
    );
    expect(col(row, 'log_latency')).toBeCloseTo(Math.log(100), 5);
    expect(col(row, 'cpu_temp_over_ambient')).toBeCloseTo(40, 5);
    expect(col(row, 'cpu_heat_per_load')).toBeCloseTo(40 / 50, 5);
  });

  it("measures a jump against the kiosk's own norm, and a climb as a positive trend", () => {
    const x = new KioskFeatureExtractor();
    for (let m = 0; m < 24 * 60; m++) x.row('k', reading(), T0 + m * MINUTE);
    const jump = x.row('k', reading({ cpu_temp: 80 }), T0 + 24 * 60 * MINUTE);
    expect(col(jump, 'cpu_temp_dev')).toBeCloseTo(30, 3);
    expect(col(jump, 'cpu_temp_hourly_dev')).toBeCloseTo(30, 3);
    // Another kiosk's history does not leak into this one.
    const fresh = x.row('other', reading({ cpu_temp: 80 }), T0 + 24 * 60 * MINUTE);
    expect(col(fresh, 'cpu_temp_dev')).toBe(0);

    const y = new KioskFeatureExtractor();
    let last: Float32Array = new Float32Array(FEATURE_COUNT);
    for (let m = 0; m < 6 * 60; m++) {
      const ramp = m < 3 * 60 ? 0 : ((m - 180) / 60) * 4; // +4 %/h after three steady hours
      last = y.row('k', reading({ ram_usage: 40 + ramp }), T0 + m * MINUTE);
    }
    expect(col(last, 'ram_usage_trend')).toBeGreaterThan(3);
    expect(col(last, 'disk_usage_trend')).toBe(0);
  });

  it('gives the same baseline features whether a kiosk reports every 5 s or every minute', () => {
    const every5s = new KioskFeatureExtractor();
    const every60s = new KioskFeatureExtractor();
    const signal = (ms: number): FlatReading =>
      reading({ temperature: 20 + 5 * Math.sin((2 * Math.PI * (ms - T0)) / (24 * 3600_000)) });
    let a: Float32Array = new Float32Array(FEATURE_COUNT);
    let b: Float32Array = new Float32Array(FEATURE_COUNT);
    const end = T0 + 36 * 3600_000;
    for (let t = T0; t <= end; t += 5000) a = every5s.row('k', signal(t), t);
    for (let t = T0; t <= end; t += 60_000) b = every60s.row('k', signal(t), t);
    for (const name of ['temperature_dev', 'temperature_hourly_dev', 'temperature_trend']) {
      expect(Math.abs(col(a, name) - col(b, name))).toBeLessThan(0.05);
    }
  });

  it('counts paper-jam onsets, not the minutes a jam lasts', () => {
    const x = new KioskFeatureExtractor();
    let row: Float32Array = new Float32Array(FEATURE_COUNT);
    // One jam lasting 40 minutes.
    for (let m = 0; m < 60; m++) {
      row = x.row(
        'k',
        reading({ printer_status: m >= 10 && m < 50 ? 'paper_jam' : 'ready' }),
        T0 + m * MINUTE,
      );
    }
    const oneJam = col(row, 'paper_jam_rate');
    expect(oneJam).toBeGreaterThan(0.4);
    expect(oneJam).toBeLessThan(1);
    // Four short jams in the next hour: a storm.
    for (let m = 60; m < 120; m++) {
      row = x.row('k', reading({ printer_status: m % 15 < 3 ? 'paper_jam' : 'ready' }), T0 + m * MINUTE);
    }
    expect(col(row, 'paper_jam_rate')).toBeGreaterThan(2);
  });

  it('flattens a wire kiosk_update into the flat reading the extractor takes', () => {
    const flat = flattenWireReading({
      environmental: { temperature: 24.1, humidity: 51, air_quality: 37.5 },
      hardware: { cpu_temp: 55.2, cpu_usage: 41, ram_usage: 63.2, disk_usage: 71.9 },
      peripherals: { printer_status: 'low_ink', cash_acceptor: 'full', card_reader: 'ready' },
      network: { latency: 80.5, signal_strength: -61 },
    });
    expect(flat).toEqual({
      temperature: 24.1,
      humidity: 51,
      air_quality: 37.5,
      cpu_temp: 55.2,
      cpu_usage: 41,
      ram_usage: 63.2,
      disk_usage: 71.9,
      latency: 80.5,
      signal_strength: -61,
      printer_status: 'low_ink',
      cash_acceptor: 'full',
      card_reader: 'ready',
    });
  });
});
