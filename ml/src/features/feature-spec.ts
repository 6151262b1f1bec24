import { createHash } from 'node:crypto';

/**
 * The feature spec: the single source of truth for what the anomaly model sees. Training
 * (ml/src/train.ts) and serving (libs/ai) both turn readings into rows through
 * `KioskFeatureExtractor`, which follows this spec, and a model records the spec's hash so a
 * server refuses a model built for other features.
 *
 * Changing anything here changes `FEATURE_SPEC_HASH`; bump `version` too so people notice.
 */

/** Numeric fields read straight off a reading (wire names, snake_case, as stored in `telemetry`). */
export const NUMERIC_FIELDS = [
  'temperature',
  'humidity',
  'air_quality',
  'cpu_temp',
  'cpu_usage',
  'ram_usage',
  'disk_usage',
  'latency',
  'signal_strength',
] as const;
export type NumericField = (typeof NUMERIC_FIELDS)[number];

/** Peripheral states are categorical: one-hot, an unknown value sets no column of its group. */
export const PERIPHERAL_STATES = {
  printer_status: ['ready', 'low_ink', 'paper_jam', 'offline'],
  cash_acceptor: ['ready', 'full', 'error'],
  card_reader: ['ready', 'error'],
} as const;
export type PeripheralField = keyof typeof PERIPHERAL_STATES;
export const PERIPHERAL_FIELDS = Object.keys(PERIPHERAL_STATES) as PeripheralField[];

/**
 * Signals the per-kiosk baselines follow. `latency` enters as ln(1 + ms): its spread is
 * multiplicative. `cpu_temp_over_ambient` is the CPU's lift over the enclosure air, which a dying
 * fan raises at any load; `cpu_heat_per_load` divides that lift by the load plus idle power (≈ 30 %
 * of full load), a thermal resistance that stays flat from idle to peak on a healthy unit.
 */
export const BASELINE_SIGNALS = [
  'temperature',
  'cpu_temp',
  'cpu_temp_over_ambient',
  'cpu_heat_per_load',
  'cpu_usage',
  'ram_usage',
  'disk_usage',
  'log_latency',
  'signal_strength',
] as const;
export type BaselineSignal = (typeof BASELINE_SIGNALS)[number];

/**
 * Time constants of the per-kiosk exponentially weighted means, in seconds. Time-based (not
 * per-reading) so a kiosk reporting every 5 s and training data sampled every minute give the
 * same features. `baseline` is the kiosk's own norm; `fast − trend` is how fast a signal climbs.
 */
export const BASELINE_TAU_SEC = { baseline: 24 * 3600, trend: 2 * 3600, fast: 15 * 60 } as const;
/** Idle power as a share of full load, for `cpu_heat_per_load`. */
export const IDLE_LOAD_PERCENT = 30;
/**
 * Kiosks have daily rhythms (lunch rush, evening congestion): each baseline signal also keeps a
 * mean per UTC hour of day, weighted over this much time spent in that hour (≈ two days' worth).
 * Readings further apart than HOURLY_MAX_STEP_SEC count as that long, so an outage does not
 * overwrite an hour's norm with one reading.
 */
export const HOURLY_TAU_SEC = 2 * 3600;
export const HOURLY_MAX_STEP_SEC = 600;
/** Paper-jam onsets are counted per hour over this window: a jam storm jams again and again. */
export const JAM_RATE_TAU_SEC = 3600;

export type FeatureKind = 'raw' | 'derived' | 'one_hot' | 'deviation' | 'trend' | 'rate';

export interface FeatureDefinition {
  name: string;
  kind: FeatureKind;
  /** The signal a person recognises: used by explanations ("cpu_temp 91 °C …"). */
  source: string;
  unit: string;
  description: string;
}

const UNITS: Record<string, string> = {
  temperature: '°C',
  humidity: '%',
  air_quality: 'AQI',
  cpu_temp: '°C',
  cpu_usage: '%',
  ram_usage: '%',
  disk_usage: '%',
  latency: 'ms',
  log_latency: 'ln(1+ms)',
  signal_strength: 'dBm',
  cpu_temp_over_ambient: '°C',
  cpu_heat_per_load: '°C/%',
};

function buildFeatures(): FeatureDefinition[] {
  const out: FeatureDefinition[] = [];
  for (const f of NUMERIC_FIELDS) {
    if (f === 'latency') {
      out.push({
        name: 'log_latency',
        kind: 'derived',
        source: 'latency',
        unit: UNITS.log_latency,
        description: 'ln(1 + network latency in ms)',
      });
    } else {
      out.push({ name: f, kind: 'raw', source: f, unit: UNITS[f], description: `${f} as reported` });
    }
  }
  out.push({
    name: 'cpu_temp_over_ambient',
    kind: 'derived',
    source: 'cpu_temp',
    unit: '°C',
    description: 'cpu_temp − temperature',
  });
  out.push({
    name: 'cpu_heat_per_load',
    kind: 'derived',
    source: 'cpu_temp',
    unit: UNITS.cpu_heat_per_load,
    description: `(cpu_temp − temperature) / (cpu_usage + ${IDLE_LOAD_PERCENT})`,
  });
  for (const field of PERIPHERAL_FIELDS) {
    for (const state of PERIPHERAL_STATES[field]) {
      out.push({
        name: `${field}=${state}`,
        kind: 'one_hot',
        source: field,
        unit: '',
        description: `1 when ${field} is ${state}`,
      });
    }
  }
  for (const s of BASELINE_SIGNALS) {
    out.push({
      name: `${s}_dev`,
      kind: 'deviation',
      source: s,
      unit: UNITS[s],
      description: `${s} minus this kiosk's ${BASELINE_TAU_SEC.baseline / 3600} h rolling mean`,
    });
  }
  for (const s of BASELINE_SIGNALS) {
    out.push({
      name: `${s}_hourly_dev`,
      kind: 'deviation',
      source: s,
      unit: UNITS[s],
      description: `${s} minus this kiosk's usual value at this hour of day`,
    });
  }
  for (const s of BASELINE_SIGNALS) {
    out.push({
      name: `${s}_trend`,
      kind: 'trend',
      source: s,
      unit: UNITS[s],
      description: `this kiosk's ${BASELINE_TAU_SEC.fast / 60} min mean minus its ${BASELINE_TAU_SEC.trend / 3600} h mean`,
    });
  }
  out.push({
    name: 'paper_jam_rate',
    kind: 'rate',
    source: 'printer_status',
    unit: '/h',
    description: 'paper-jam onsets per hour, exponentially weighted over the last hour',
  });
  return out;
}

export const FEATURE_SPEC = {
  version: 1,
  numericFields: NUMERIC_FIELDS,
  peripheralStates: PERIPHERAL_STATES,
  baselineSignals: BASELINE_SIGNALS,
  baselineTauSec: BASELINE_TAU_SEC,
  idleLoadPercent: IDLE_LOAD_PERCENT,
  hourlyTauSec: HOURLY_TAU_SEC,
  hourlyMaxStepSec: HOURLY_MAX_STEP_SEC,
  jamRateTauSec: JAM_RATE_TAU_SEC,
  features: buildFeatures(),
} as const;

export const FEATURES: readonly FeatureDefinition[] = FEATURE_SPEC.features;
export const FEATURE_NAMES: readonly string[] = FEATURES.map((f) => f.name);
export const FEATURE_COUNT = FEATURES.length;

const INDEX = new Map(FEATURE_NAMES.map((name, i) => [name, i]));

/** Column of a feature in a row; throws on a name the spec does not have (a typo, not a zero). */
export function featureIndex(name: string): number {
  const i = INDEX.get(name);
  if (i === undefined) throw new Error(`unknown feature "${name}"`);
  return i;
}

/** Stable hash of everything that shapes a row: a model trained on another spec must not be served. */
export function computeFeatureSpecHash(spec: typeof FEATURE_SPEC = FEATURE_SPEC): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
}

export const FEATURE_SPEC_HASH = computeFeatureSpecHash();
