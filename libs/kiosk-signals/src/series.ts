import { KioskId, KioskUpdatePayload } from './reading';
import { ActiveFaults, FaultWindow, activeFaultsAt } from './faults';
import { StepOptions, SignalStep, createSignalState, stepSignals } from './model';
import { KioskProfile } from './profile';
import { SeededRng } from './rng';

export interface SeriesOptions {
  profile: KioskProfile;
  startMs: number;
  endMs: number;
  stepSec: number;
  windows?: readonly FaultWindow[];
  seed: string;
  /** Called before each step; lets a caller model blocks or maintenance without a socket. */
  options?: (simMs: number) => StepOptions;
}

export interface LabelledStep extends SignalStep {
  seq: number;
}

/**
 * Offline generation of one kiosk's labelled telemetry, for training data: the same models the live
 * simulator uses, driven by a loop instead of timers.
 */
export function* generateSeries(opts: SeriesOptions): Generator<LabelledStep> {
  const rng = new SeededRng(opts.seed).fork(`signals:${opts.profile.serial}`);
  const state = createSignalState(opts.profile, opts.startMs, rng);
  const faults: ActiveFaults = {};
  const windows = opts.windows ?? [];
  let seq = 0;
  for (let t = opts.startMs; t <= opts.endMs; t += opts.stepSec * 1000) {
    activeFaultsAt(windows, t, faults);
    const step = stepSignals(opts.profile, state, t, faults, rng, opts.options ? opts.options(t) : undefined);
    seq++;
    yield { ...step, seq };
  }
}

/** The wire payload for a step, as a conforming kiosk would send it. */
export function toUpdatePayload(
  step: SignalStep,
  serial: string,
  seq: number,
  kioskId?: KioskId,
): KioskUpdatePayload {
  const payload: KioskUpdatePayload = {
    timestamp: new Date(step.timestampMs).toISOString(),
    serial,
    seq,
    ...step.reading,
  };
  if (kioskId !== undefined) payload.kiosk_id = kioskId;
  return payload;
}
