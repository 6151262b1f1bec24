/**
 * Labelled synthetic telemetry from the signal and fault models the kiosk simulator runs
 * (libs/kiosk-signals, shared by both: the scenario planner there decides the `mixed` fleet exactly
 * as a live `--scenario mixed` run would). Labels are the simulator's ground truth for every reading.
 */
import {
  ActiveFaults,
  DEFAULT_SITES,
  FaultName,
  FaultWindow,
  KioskProfile,
  SeededRng,
  SignalStep,
  activeFaultsAt,
  applyRestart,
  createProfile,
  createSignalState,
  pickSite,
  planScenarios,
  stepSignals,
} from '@app/kiosk-signals';
import { KioskFeatureExtractor } from '../features/feature-extractor';
import { FEATURE_COUNT } from '../features/feature-spec';
import { flattenWireReading } from '../features/reading';
import { Dataset, DatasetBuilder } from './dataset';
import { TELEMETRY_FAULTS, faultMask, isAnomalyLabel } from './labels';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * `training`: a rich mix for learning — about half the fleet faulty, every fault type, onsets
 * anywhere after the warm-up, some repaired after hours, some kiosks with two faults, start dates
 * spread over a year (seasons, both hemispheres). `mixed`: the simulator's own `--scenario mixed`
 * plan (≈30% of the fleet faulty, onsets at 10–40% of the run, no repair), for evaluation.
 */
export type FaultPlan = 'training' | 'mixed' | 'none';

export interface SyntheticFleetOptions {
  seed: string;
  kiosks: number;
  days: number;
  stepSec: number;
  plan: FaultPlan;
  /** Readings before this many hours are only used to warm up the kiosk's baselines. */
  warmupHours?: number;
  /** Simulated start (ms). Defaults to a fixed date so runs are reproducible. */
  startMs?: number;
  serialPrefix?: string;
  /** Called after each kiosk, for progress reports. */
  onKiosk?: (done: number, total: number) => void;
}

export interface SyntheticKiosk {
  serial: string;
  windows: FaultWindow[];
}

const DEFAULT_START_MS = Date.UTC(2026, 0, 5);

/** Weights of the `training` plan: telemetry faults most, behavioural ones as hard negatives. */
const TRAINING_FAULT_WEIGHTS: readonly (readonly [FaultName, number])[] = [
  ['overheat', 1],
  ['fan_failure', 1.6],
  ['disk_fill', 1.4],
  ['memory_leak', 1.6],
  ['printer_jam_storm', 1.2],
  ['network_degradation', 1],
  ['card_reader_silent_fail', 0.4],
  ['cash_mismatch', 0.3],
  ['clock_skew', 0.3],
];

function pickWeighted(rng: SeededRng): FaultName {
  const total = TRAINING_FAULT_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  let x = rng.next() * total;
  for (const [name, w] of TRAINING_FAULT_WEIGHTS) {
    x -= w;
    if (x < 0) return name;
  }
  return TRAINING_FAULT_WEIGHTS[0][0];
}

function trainingWindows(rng: SeededRng, startMs: number, endMs: number, warmupMs: number): FaultWindow[] {
  if (!rng.chance(0.75)) return [];
  const windows: FaultWindow[] = [];
  const faults = rng.chance(0.2) ? 2 : 1;
  for (let i = 0; i < faults; i++) {
    const name = pickWeighted(rng);
    const earliest = startMs + warmupMs + 2 * HOUR_MS;
    const latest = Math.max(earliest, endMs - 3 * HOUR_MS);
    const onset = Math.round(rng.uniform(earliest, latest) / 60_000) * 60_000;
    const repaired = rng.chance(0.35);
    windows.push({ name, startMs: onset, endMs: repaired ? onset + rng.uniform(1, 30) * HOUR_MS : null });
  }
  return windows;
}

/** The fleet's serials and fault windows, decided from the seed before any reading is generated. */
export function planSyntheticFleet(opts: SyntheticFleetOptions): {
  kiosks: SyntheticKiosk[];
  startMs: number[];
} {
  const root = new SeededRng(opts.seed);
  const prefix = opts.serialPrefix ?? 'SYN';
  const serials = Array.from(
    { length: opts.kiosks },
    (_, i) => `${prefix}-${String(i + 1).padStart(5, '0')}`,
  );
  const baseStart = opts.startMs ?? DEFAULT_START_MS;
  const durationMs = opts.days * DAY_MS;
  const warmupMs = (opts.warmupHours ?? 6) * HOUR_MS;
  if (opts.plan === 'mixed') {
    const plan = planScenarios(
      serials.map((serial) => ({ serial, tags: [] })),
      [{ name: 'mixed' }],
      { seed: opts.seed, simStartMs: baseStart, simDurationSec: durationMs / 1000 },
    );
    return {
      kiosks: serials.map((serial) => ({ serial, windows: plan.get(serial) ?? [] })),
      startMs: serials.map(() => baseStart),
    };
  }
  const planRng = root.fork('fault-plan');
  const kiosks: SyntheticKiosk[] = [];
  const starts: number[] = [];
  for (const serial of serials) {
    // Start dates spread over a year: seasons differ, and so do the kiosks' baselines.
    const start = baseStart + Math.floor(planRng.uniform(0, 365)) * DAY_MS;
    starts.push(start);
    kiosks.push({
      serial,
      windows: opts.plan === 'training' ? trainingWindows(planRng, start, start + durationMs, warmupMs) : [],
    });
  }
  return { kiosks, startMs: starts };
}

/** Hours since the earliest active telemetry fault began, −1 when none is active. */
function onsetHoursAt(windows: readonly FaultWindow[], simMs: number): number {
  let onset = Infinity;
  for (const w of windows) {
    if (!(TELEMETRY_FAULTS as readonly string[]).includes(w.name)) continue;
    if (w.startMs <= simMs && (w.endMs === null || simMs < w.endMs)) onset = Math.min(onset, w.startMs);
  }
  return onset === Infinity ? -1 : (simMs - onset) / HOUR_MS;
}

/**
 * In the training plan operators restart a kiosk now and then (updates, "turn it off and on
 * again"): about every 4 days. The `mixed` plan stays exactly what a live simulator run sends.
 */
const RESTART_MEAN_HOURS = 96;

/**
 * One kiosk's readings: the simulator's `generateSeries` loop plus the restarts a fleet sees. A
 * memory leak's repair is a restart — the leaked RAM is freed when the window ends — otherwise
 * the readings after a "repaired" leak would be full of leaked RAM labelled normal.
 */
function* kioskSeries(
  profile: KioskProfile,
  startMs: number,
  endMs: number,
  stepSec: number,
  seed: string,
  windows: readonly FaultWindow[],
  randomRestarts: boolean,
): Generator<SignalStep> {
  const rng = new SeededRng(seed).fork(`signals:${profile.serial}`);
  const restarts = new SeededRng(seed).fork(`restarts:${profile.serial}`);
  const state = createSignalState(profile, startMs, rng);
  const faults: ActiveFaults = {};
  const restartChance = randomRestarts ? 1 - Math.exp(-stepSec / 3600 / RESTART_MEAN_HOURS) : 0;
  let leaking = false;
  for (let t = startMs; t <= endMs; t += stepSec * 1000) {
    activeFaultsAt(windows, t, faults);
    const leakNow = faults.memory_leak !== undefined;
    if ((leaking && !leakNow) || restarts.chance(restartChance)) applyRestart(state);
    leaking = leakNow;
    yield stepSignals(profile, state, t, faults, rng);
  }
}

/** Generates the fleet's readings and turns them into feature rows with the simulator's labels. */
export function generateSyntheticDataset(opts: SyntheticFleetOptions): Dataset {
  const work = generateKiosks(opts);
  let next = work.next();
  while (!next.done) next = work.next();
  return next.value;
}

/** The same, giving the event loop a turn after each kiosk (the worker keeps its Bull locks alive). */
export async function generateSyntheticDatasetAsync(opts: SyntheticFleetOptions): Promise<Dataset> {
  const work = generateKiosks(opts);
  let next = work.next();
  while (!next.done) {
    await yieldToEventLoop();
    next = work.next();
  }
  return next.value;
}

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function* generateKiosks(opts: SyntheticFleetOptions): Generator<void, Dataset> {
  const { kiosks, startMs } = planSyntheticFleet(opts);
  const root = new SeededRng(opts.seed);
  const stepsPerKiosk = Math.floor((opts.days * DAY_MS) / (opts.stepSec * 1000)) + 1;
  const builder = new DatasetBuilder(kiosks.length * stepsPerKiosk);
  const warmupMs = (opts.warmupHours ?? 6) * HOUR_MS;
  const extractor = new KioskFeatureExtractor();
  const scratch = new Float32Array(FEATURE_COUNT);
  for (let i = 0; i < kiosks.length; i++) {
    const k = kiosks[i];
    const site = pickSite(DEFAULT_SITES, root.fork(`site:${k.serial}`));
    const profile = createProfile(k.serial, site, root);
    const kioskId = builder.kioskId(k.serial);
    const start = startMs[i];
    const end = start + opts.days * DAY_MS;
    for (const step of kioskSeries(
      profile,
      start,
      end,
      opts.stepSec,
      opts.seed,
      k.windows,
      opts.plan === 'training',
    )) {
      const reading = flattenWireReading(step.reading);
      if (step.simMs - start < warmupMs) {
        extractor.push(kioskId, reading, step.timestampMs, scratch);
        continue;
      }
      const row = builder.add(
        kioskId,
        step.simMs,
        isAnomalyLabel(step.label) ? 1 : 0,
        faultMask(step.label),
        onsetHoursAt(k.windows, step.simMs),
      );
      extractor.push(kioskId, reading, step.timestampMs, builder.rowBuffer(), row * FEATURE_COUNT);
    }
    extractor.forget(kioskId);
    opts.onKiosk?.(i + 1, kiosks.length);
    yield;
  }
  return builder.build();
}
