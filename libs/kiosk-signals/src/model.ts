import { TelemetryReading } from './reading';
import { PaymentAvailability, Sale, chooseMethod, customerRate, makeSale } from './customers';
import {
  airQuality,
  ambientTemperature,
  networkHourFactor,
  ouStep,
  relativeHumidity,
  round1,
  round6,
} from './environment';
import { ActiveFaults, faultLabel, isActive, minutesSince } from './faults';
import {
  PeripheralState,
  acceptCash,
  advancePeripherals,
  cardStatus,
  cashStatus,
  createPeripheralState,
  peripheralsReading,
  printReceipt,
  rebootPeripherals,
  servicePeripherals,
} from './peripherals';
import { KioskProfile, clamp } from './profile';
import { SeededRng, hashString } from './rng';

/** Longer steps are integrated in pieces so hourly traffic and thermal lag stay right at big time scales. */
const MAX_SUBSTEP_SEC = 300;
/** At extreme time scales one reading can span days; beyond this many sales per reading they are not itemised. */
export const MAX_SALES_PER_STEP = 50;
const CPU_THERMAL_TAU_SEC = 150;
const METRES_PER_DEGREE = 111_320;

/** Everything about a kiosk that evolves over time. Created once, mutated in place by stepSignals. */
export interface SignalState {
  lastMs: number;
  tempNoise: number;
  humidityNoise: number;
  airNoise: number;
  cpuNoise: number;
  signalNoise: number;
  cpuTemp: number;
  /** Seconds of customer sessions still queued at the screen. */
  queueSec: number;
  lastUtilisation: number;
  /** RAM percentage points lost to leaks since the last restart. */
  ramLeak: number;
  disk: number;
  peripherals: PeripheralState;
  salesTotal: number;
}

export interface SignalStep {
  /** Simulated time of the sample. */
  simMs: number;
  /** What the kiosk's own clock says (differs under `clock_skew`). */
  timestampMs: number;
  reading: TelemetryReading;
  sales: Sale[];
  /** Customers that arrived during the step, including those who left without paying. */
  customers: number;
  label: string;
}

export interface StepOptions {
  /** False while blocked or in maintenance: nobody can buy, so no traffic load either. */
  selling: boolean;
}

const SELLING: StepOptions = { selling: true };

export function createSignalState(profile: KioskProfile, simMs: number, rng: SeededRng): SignalState {
  const r = rng.fork('init');
  const ambient = ambientTemperature(profile, simMs);
  return {
    lastMs: simMs,
    tempNoise: r.normal(0, 0.6),
    humidityNoise: r.normal(0, 2),
    airNoise: r.normal(0, 5),
    cpuNoise: 0,
    signalNoise: r.normal(0, 3),
    cpuTemp: ambient + 16 + profile.hardware.idleCpu * 0.45,
    queueSec: 0,
    lastUtilisation: 0,
    ramLeak: r.uniform(0, 4),
    disk: profile.hardware.diskStart,
    peripherals: createPeripheralState(profile, r),
    salesTotal: 0,
  };
}

/** Enclosure temperature: ambient plus self-heating, plus the gradual `overheat` ramp (≈0.45 °C/min). */
function enclosureTemperature(
  profile: KioskProfile,
  state: SignalState,
  simMs: number,
  faults: ActiveFaults,
): number {
  const overheat = minutesSince(faults, 'overheat', simMs);
  const extra = overheat < 0 ? 0 : Math.min(30, 0.45 * overheat);
  const fan = minutesSince(faults, 'fan_failure', simMs);
  const fanExtra = fan < 0 ? 0 : Math.min(4, fan / 10);
  return ambientTemperature(profile, simMs) + 1.5 + state.tempNoise + extra + fanExtra;
}

function cpuUsage(profile: KioskProfile, state: SignalState, utilisation: number, ram: number): number {
  const swapping = ram > 95 ? 25 : 0;
  return clamp(
    profile.hardware.idleCpu + profile.hardware.cpuPerCustomer * utilisation + state.cpuNoise + swapping,
    0.5,
    100,
  );
}

/** Heat reaching the CPU scales with load; a failing fan multiplies the thermal resistance over ~40 min. */
function cpuTempTarget(
  profile: KioskProfile,
  enclosure: number,
  usage: number,
  faults: ActiveFaults,
  simMs: number,
): number {
  const fan = minutesSince(faults, 'fan_failure', simMs);
  const resistance = fan < 0 ? 1 : 1 + Math.min(2.2, fan / 18);
  return enclosure + (12 + 0.42 * usage) * resistance + profile.hardware.thermalOffset;
}

function ramUsage(profile: KioskProfile, state: SignalState, utilisation: number): number {
  return clamp(profile.hardware.ramBase + state.ramLeak + 6 * utilisation, 0, 99.5);
}

function availability(state: SignalState, profile: KioskProfile): PaymentAvailability {
  return {
    cash: cashStatus(state.peripherals, profile) === 'ready',
    card: cardStatus(state.peripherals) === 'ready',
    qr: true,
  };
}

function serveCustomers(
  profile: KioskProfile,
  state: SignalState,
  t0: number,
  h: number,
  arrivals: number,
  faults: ActiveFaults,
  rng: SeededRng,
  sales: Sale[],
): number {
  let served = 0;
  const saleOptions = {
    cardSilentFailure: isActive(faults, 'card_reader_silent_fail'),
    cashMismatch: isActive(faults, 'cash_mismatch'),
  };
  for (let i = 0; i < arrivals; i++) {
    const method = chooseMethod(profile, availability(state, profile), rng);
    if (method === null) continue;
    served++;
    const atMs = t0 + rng.next() * h * 1000;
    const sale = makeSale(profile, atMs, method, saleOptions, rng);
    if (sale.status === 'completed') {
      printReceipt(state.peripherals, profile, atMs, faults, rng);
      if (method === 'cash') acceptCash(state.peripherals, profile, atMs, sale.notes, rng);
    }
    state.salesTotal++;
    if (sales.length < MAX_SALES_PER_STEP) sales.push(sale);
  }
  return served;
}

/**
 * Advances one kiosk to `simMs` and samples its sensors. Pure apart from mutating `state` and
 * drawing from `rng`: no clocks, sockets or timers, so the AI pipeline can call it in a loop.
 */
export function stepSignals(
  profile: KioskProfile,
  state: SignalState,
  simMs: number,
  faults: ActiveFaults,
  rng: SeededRng,
  options: StepOptions = SELLING,
): SignalStep {
  const sales: Sale[] = [];
  let customers = 0;
  let t0 = state.lastMs;
  const totalSec = Math.max(0, (simMs - t0) / 1000);
  const pieces = totalSec === 0 ? 0 : Math.ceil(totalSec / MAX_SUBSTEP_SEC);
  for (let i = 0; i < pieces; i++) {
    const h = totalSec / pieces;
    const t1 = t0 + h * 1000;
    const hours = h / 3600;
    const arrivals = options.selling ? rng.poisson(customerRate(profile, (t0 + t1) / 2) * hours) : 0;
    customers += arrivals;
    const served = serveCustomers(profile, state, t0, h, arrivals, faults, rng, sales);
    state.queueSec += served * profile.traffic.sessionSeconds;
    const busy = Math.min(h, state.queueSec);
    state.queueSec -= busy;
    state.lastUtilisation = busy / h;

    state.tempNoise = ouStep(state.tempNoise, h, 1800, profile.indoor ? 0.3 : 0.8, rng);
    state.humidityNoise = ouStep(state.humidityNoise, h, 2400, 3, rng);
    state.airNoise = ouStep(state.airNoise, h, 900, 6, rng);
    state.cpuNoise = ouStep(state.cpuNoise, h, 20, 3, rng);
    state.signalNoise = ouStep(state.signalNoise, h, 600, 3, rng);

    state.ramLeak += profile.hardware.ramLeakPerDay * (hours / 24);
    if (isActive(faults, 'memory_leak')) state.ramLeak += 4 * hours;
    state.disk += profile.hardware.diskFillPerDay * (hours / 24);
    if (isActive(faults, 'disk_fill')) state.disk += 5 * hours;
    // Log rotation frees space on a healthy unit; a runaway writer outpaces it.
    else if (state.disk > 92) state.disk -= 12;
    state.disk = Math.min(100, state.disk);

    advancePeripherals(state.peripherals, profile, t1, hours, faults, rng);

    const enclosure = enclosureTemperature(profile, state, t1, faults);
    const usage = cpuUsage(
      profile,
      state,
      state.lastUtilisation,
      ramUsage(profile, state, state.lastUtilisation),
    );
    const target = cpuTempTarget(profile, enclosure, usage, faults, t1);
    state.cpuTemp = target + (state.cpuTemp - target) * Math.exp(-h / CPU_THERMAL_TAU_SEC);
    t0 = t1;
  }
  state.lastMs = Math.max(state.lastMs, simMs);
  return {
    simMs,
    timestampMs: simMs + clockSkewMs(profile, faults, simMs),
    reading: sample(profile, state, simMs, faults, rng),
    sales,
    customers,
    label: faultLabel(faults),
  };
}

function sample(
  profile: KioskProfile,
  state: SignalState,
  simMs: number,
  faults: ActiveFaults,
  rng: SeededRng,
): TelemetryReading {
  const temperature = enclosureTemperature(profile, state, simMs, faults);
  const util = state.lastUtilisation;
  const ram = ramUsage(profile, state, util) + rng.normal(0, 0.4);
  const degraded = isActive(faults, 'network_degradation');
  let latency =
    profile.network.baseLatencyMs *
    networkHourFactor(profile, simMs) *
    (degraded ? 6 : 1) *
    rng.logNormal(1, profile.network.jitterSigma + (degraded ? 0.5 : 0));
  if (degraded && rng.chance(0.12)) latency += rng.uniform(500, 3000);
  const accuracy = 2.5 + Math.abs(rng.normal(0, 1.5));
  const cosLat = Math.max(0.2, Math.cos((profile.lat * Math.PI) / 180));
  return {
    environmental: {
      temperature: round1(clamp(temperature, -40, 85)),
      humidity: round1(relativeHumidity(profile, temperature, state.humidityNoise)),
      air_quality: round1(airQuality(profile, simMs, state.airNoise)),
    },
    hardware: {
      cpu_temp: round1(clamp(state.cpuTemp + rng.normal(0, 0.5), -20, 120)),
      cpu_usage: round1(cpuUsage(profile, state, util, ram)),
      ram_usage: round1(clamp(ram, 0, 100)),
      disk_usage: round1(clamp(state.disk, 0, 100)),
    },
    peripherals: peripheralsReading(state.peripherals, profile),
    location: {
      lat: round6(clamp(profile.lat + rng.normal(0, accuracy) / METRES_PER_DEGREE, -90, 90)),
      lng: round6(clamp(profile.lng + rng.normal(0, accuracy) / (METRES_PER_DEGREE * cosLat), -180, 180)),
      accuracy: round1(accuracy),
    },
    network: {
      latency: round1(clamp(latency, 0, 60000)),
      signal_strength: round1(
        clamp(profile.network.baseSignal + state.signalNoise - (degraded ? 28 : 0), -150, 0),
      ),
    },
  };
}

/**
 * How far the kiosk's clock is off under `clock_skew`: 5–20 minutes in a direction fixed per serial,
 * drifting a further 2 s per minute (a dead RTC battery and no NTP).
 */
export function clockSkewMs(profile: KioskProfile, faults: ActiveFaults, simMs: number): number {
  const minutes = minutesSince(faults, 'clock_skew', simMs);
  if (minutes < 0) return 0;
  const h = hashString(profile.serial);
  const sign = (h & 1) === 1 ? 1 : -1;
  return sign * (300_000 + (h % 900_000) + minutes * 2000);
}

/** A reboot frees leaked memory and drains the screen queue; disks and sensors are physical and stay. */
export function applyRestart(state: SignalState): void {
  state.ramLeak = 0;
  state.queueSec = 0;
  state.lastUtilisation = 0;
  rebootPeripherals(state.peripherals);
}

export function applyMaintenance(state: SignalState): void {
  servicePeripherals(state.peripherals);
}
