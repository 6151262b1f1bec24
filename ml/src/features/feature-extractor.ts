import {
  BASELINE_SIGNALS,
  BASELINE_TAU_SEC,
  BaselineSignal,
  FEATURE_COUNT,
  HOURLY_MAX_STEP_SEC,
  HOURLY_TAU_SEC,
  IDLE_LOAD_PERCENT,
  JAM_RATE_TAU_SEC,
  NUMERIC_FIELDS,
  PERIPHERAL_FIELDS,
  PERIPHERAL_STATES,
  featureIndex,
} from './feature-spec';
import { FlatReading } from './reading';

/**
 * What the extractor remembers about one kiosk between readings: exponentially weighted means of
 * the baseline signals, the baseline's variance (for "4.1σ above this kiosk's norm"), the last
 * printer state and the jam-onset rate. Plain numbers, so it can be cached or shipped as JSON.
 */
export interface KioskFeatureState {
  lastMs: number;
  baseline: number[];
  variance: number[];
  trend: number[];
  fast: number[];
  /** Mean per UTC hour of day: 24 × BASELINE_SIGNALS, hour-major. */
  hourly: number[];
  /** Seconds observed in each hour of day (capped): while short, that hour's mean is a plain average. */
  hourSeen: number[];
  /** Seconds observed overall (capped): while short, the means are plain averages of what was seen. */
  observedSec: number;
  lastPrinter: string | null;
  jamRate: number;
}

const NB = BASELINE_SIGNALS.length;
const COL_FIRST_DEV = featureIndex(`${BASELINE_SIGNALS[0]}_dev`);
const COL_FIRST_TREND = featureIndex(`${BASELINE_SIGNALS[0]}_trend`);
const COL_FIRST_HOURLY = featureIndex(`${BASELINE_SIGNALS[0]}_hourly_dev`);
const COL_HEAT_PER_LOAD = featureIndex('cpu_heat_per_load');
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const COL_JAM_RATE = featureIndex('paper_jam_rate');
const COL_LOG_LATENCY = featureIndex('log_latency');
const COL_OVER_AMBIENT = featureIndex('cpu_temp_over_ambient');
const COL_FIRST_ONE_HOT = featureIndex(
  `${PERIPHERAL_FIELDS[0]}=${PERIPHERAL_STATES[PERIPHERAL_FIELDS[0]][0]}`,
);

const RAW_COLUMNS: readonly (readonly [string, number])[] = NUMERIC_FIELDS.filter((f) => f !== 'latency').map(
  (f) => [f, featureIndex(f)] as const,
);

/** Current value of each baseline signal, in BASELINE_SIGNALS order. */
export function baselineSignalValues(
  r: FlatReading,
  into: Float64Array = new Float64Array(NB),
): Float64Array {
  for (let i = 0; i < NB; i++) into[i] = signalValue(BASELINE_SIGNALS[i], r);
  return into;
}

function signalValue(s: BaselineSignal, r: FlatReading): number {
  switch (s) {
    case 'cpu_temp_over_ambient':
      return r.cpu_temp - r.temperature;
    case 'cpu_heat_per_load':
      return (r.cpu_temp - r.temperature) / (Math.max(0, r.cpu_usage) + IDLE_LOAD_PERCENT);
    case 'log_latency':
      return Math.log1p(Math.max(0, r.latency));
    default:
      return r[s];
  }
}

export function createKioskFeatureState(r: FlatReading, atMs: number): KioskFeatureState {
  const v = Array.from(baselineSignalValues(r));
  return {
    lastMs: atMs,
    baseline: v.slice(),
    variance: new Array<number>(NB).fill(0),
    trend: v.slice(),
    fast: v.slice(),
    hourly: new Array<number>(24 * NB).fill(0),
    hourSeen: new Array<number>(24).fill(0),
    observedSec: 0,
    lastPrinter: r.printer_status,
    jamRate: 0,
  };
}

const scratch = new Float64Array(NB);

/** EWMA weight for a step of `dt` with time constant `tau`, or 1/n-style while less than `tau` was seen. */
function warmAlpha(dtSec: number, tauSec: number, seenSec: number): number {
  return Math.max(1 - Math.exp(-dtSec / tauSec), Math.min(1, dtSec / Math.max(dtSec, seenSec)));
}

/**
 * Turns one reading into one feature row (written at `out[offset … offset+FEATURE_COUNT)`) and
 * advances the kiosk's state. Rows depend only on the reading and the kiosk's past: baselines are
 * read before the current reading is folded in, so a kiosk sampled every 5 s and one sampled every
 * minute see the same features. Readings must arrive in time order per kiosk; an older one is
 * scored but does not move the baselines.
 */
export function extractFeatures(
  state: KioskFeatureState,
  r: FlatReading,
  atMs: number,
  out: Float32Array,
  offset = 0,
): void {
  const values = baselineSignalValues(r, scratch);
  for (const [field, col] of RAW_COLUMNS) out[offset + col] = r[field as keyof FlatReading] as number;
  out[offset + COL_LOG_LATENCY] = values[BASELINE_SIGNALS.indexOf('log_latency')];
  out[offset + COL_OVER_AMBIENT] = values[BASELINE_SIGNALS.indexOf('cpu_temp_over_ambient')];
  out[offset + COL_HEAT_PER_LOAD] = values[BASELINE_SIGNALS.indexOf('cpu_heat_per_load')];
  let col = offset + COL_FIRST_ONE_HOT;
  for (const field of PERIPHERAL_FIELDS) {
    const value = r[field];
    for (const s of PERIPHERAL_STATES[field]) out[col++] = value === s ? 1 : 0;
  }

  const dtSec = Math.max(0, (atMs - state.lastMs) / 1000);
  const decayJam = Math.exp(-dtSec / JAM_RATE_TAU_SEC);
  const jamOnset = r.printer_status === 'paper_jam' && state.lastPrinter !== 'paper_jam' ? 1 : 0;
  state.jamRate = state.jamRate * decayJam + jamOnset * (3600 / JAM_RATE_TAU_SEC);
  const hour = Math.floor((((atMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
  const h0 = hour * NB;
  if (state.hourSeen[hour] === 0) {
    // First time at this hour of day: the kiosk's overall norm is the best guess.
    for (let i = 0; i < NB; i++) state.hourly[h0 + i] = state.baseline[i];
  }
  for (let i = 0; i < NB; i++) {
    out[offset + COL_FIRST_DEV + i] = values[i] - state.baseline[i];
    out[offset + COL_FIRST_HOURLY + i] = values[i] - state.hourly[h0 + i];
    out[offset + COL_FIRST_TREND + i] = state.fast[i] - state.trend[i];
  }
  out[offset + COL_JAM_RATE] = state.jamRate;

  if (dtSec > 0) {
    // Until a window's worth of time has been seen, a mean is the plain average so far rather than
    // an average anchored on the very first reading (which may have been at 3 a.m.).
    state.observedSec = Math.min(state.observedSec + dtSec, 10 * BASELINE_TAU_SEC.baseline);
    const hourStep = Math.min(dtSec, HOURLY_MAX_STEP_SEC);
    state.hourSeen[hour] = Math.min(state.hourSeen[hour] + hourStep, 10 * HOURLY_TAU_SEC);
    const aBase = warmAlpha(dtSec, BASELINE_TAU_SEC.baseline, state.observedSec);
    const aTrend = warmAlpha(dtSec, BASELINE_TAU_SEC.trend, state.observedSec);
    const aFast = warmAlpha(dtSec, BASELINE_TAU_SEC.fast, state.observedSec);
    const aHour = warmAlpha(hourStep, HOURLY_TAU_SEC, state.hourSeen[hour]);
    for (let i = 0; i < NB; i++) {
      state.hourly[h0 + i] += aHour * (values[i] - state.hourly[h0 + i]);
      const diff = values[i] - state.baseline[i];
      state.baseline[i] += aBase * diff;
      state.variance[i] = (1 - aBase) * (state.variance[i] + aBase * diff * diff);
      state.trend[i] += aTrend * (values[i] - state.trend[i]);
      state.fast[i] += aFast * (values[i] - state.fast[i]);
    }
    state.lastMs = atMs;
  }
  state.lastPrinter = r.printer_status;
}

/**
 * Feature rows for a stream of readings of many kiosks, each kiosk's readings in time order.
 * Keeps one state per kiosk key.
 */
export class KioskFeatureExtractor {
  private readonly states = new Map<string | number, KioskFeatureState>();

  /** Writes the row for `r` and returns the kiosk's state after it (for explanations). */
  push(
    kiosk: string | number,
    r: FlatReading,
    atMs: number,
    out: Float32Array,
    offset = 0,
  ): KioskFeatureState {
    let state = this.states.get(kiosk);
    if (state === undefined) {
      state = createKioskFeatureState(r, atMs);
      this.states.set(kiosk, state);
    }
    extractFeatures(state, r, atMs, out, offset);
    return state;
  }

  row(kiosk: string | number, r: FlatReading, atMs: number): Float32Array {
    const out = new Float32Array(FEATURE_COUNT);
    this.push(kiosk, r, atMs, out);
    return out;
  }

  stateOf(kiosk: string | number): KioskFeatureState | undefined {
    return this.states.get(kiosk);
  }

  /** Starts a kiosk from a known state (e.g. rebuilt from its stored history). */
  restore(kiosk: string | number, state: KioskFeatureState): void {
    this.states.set(kiosk, state);
  }

  forget(kiosk: string | number): void {
    this.states.delete(kiosk);
  }

  get size(): number {
    return this.states.size;
  }
}
