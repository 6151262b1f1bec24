/**
 * The kiosk signal and fault models, shared by the kiosk simulator and the AI training pipeline
 * (neither imports the other): (kiosk profile, simulated time, fault state, rng) → reading, the
 * plan of which kiosk gets which fault when, and the ground-truth lines that label every reading.
 * Pure TypeScript, free of sockets, timers, files and frameworks, and of any other code of ours.
 */
export { SeededRng, hashString } from './rng';
export { DEFAULT_SITES, createProfile, pickSite, clamp } from './profile';
export type { KioskProfile, Site } from './profile';
export {
  FAULT_NAMES,
  NORMAL_LABEL,
  SIGNAL_FAULTS,
  ADVERSARIAL_FAULTS,
  BEHAVIOUR_LABELS,
  WANDER_LABEL,
  activeFaultsAt,
  faultLabel,
  isActive,
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
export { planScenarios } from './scenario-plan';
export type { PlanContext, PlannedKiosk, ScenarioRule } from './scenario-plan';
export { CSV_COLUMNS, csvHeader, formatGroundTruth } from './ground-truth';
export type { GroundTruthFormat, GroundTruthRecord } from './ground-truth';
export type {
  BrokenPayload,
  CardReaderStatus,
  CashAcceptorStatus,
  EnvironmentalReading,
  HardwareReading,
  KioskId,
  KioskUpdatePayload,
  LocationReading,
  NetworkReading,
  PaymentItem,
  PaymentMethod,
  PaymentStatus,
  PeripheralsReading,
  PrinterStatus,
  TelemetryReading,
} from './reading';
