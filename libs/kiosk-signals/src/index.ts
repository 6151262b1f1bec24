/**
 * The signal models as a library: (kiosk profile, simulated time, fault state, rng) → reading.
 * Free of sockets and timers so the AI training pipeline can import it to generate synthetic data.
 */
export { SeededRng, hashString } from './rng';
export { DEFAULT_SITES, createProfile, pickSite, clamp } from './profile';
export type { KioskProfile, Site } from './profile';
export {
  FAULT_NAMES,
  NORMAL_LABEL,
  SIGNAL_FAULTS,
  ADVERSARIAL_FAULTS,
  activeFaultsAt,
  faultLabel,
  isFaultName,
  minutesSince,
} from './faults';
export type { ActiveFaults, FaultName, FaultWindow } from './faults';
export {
  MAX_SALES_PER_STEP,
  applyMaintenance,
  applyRestart,
  clockSkewMs,
  createSignalState,
  stepSignals,
} from './model';
export type { SignalState, SignalStep, StepOptions } from './model';
export { HOURLY_TRAFFIC, WEEKDAY_TRAFFIC, customerRate, formatAmount } from './customers';
export type { Sale } from './customers';
export { ambientTemperature, localHour, localWeekday } from './environment';
export { generateSeries, toUpdatePayload } from './series';
export type { LabelledStep, SeriesOptions } from './series';
